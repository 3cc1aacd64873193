using System;

namespace MipSecure.Trust.Site;

/// <summary>How <see cref="SiteChecker"/> checks a site.</summary>
public sealed class SiteCheckOptions
{
    /// <summary>Gets or sets the clock certificates are judged by.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets how environment variables are read; PFX passwords come only from the variables the configuration names.</summary>
    /// <value>The default value is <see cref="Environment.GetEnvironmentVariable(string)"/>.</value>
    public Func<string, string?> GetEnvironmentVariable { get; set; } = Environment.GetEnvironmentVariable;

    /// <summary>Gets or sets the expiry warning window in days, overriding <c>trust.expiryWarningDays</c>.</summary>
    /// <value>The default value is <see langword="null"/>: the configuration's value.</value>
    public int? ExpiryWarningDays { get; set; }
}
