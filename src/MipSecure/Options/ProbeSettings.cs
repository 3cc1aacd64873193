using System;
using System.ComponentModel.DataAnnotations;

namespace MipSecure.Options;

/// <summary>How active encryption probes run: each target gets a fixed time, and only so many run at once.</summary>
public sealed class ProbeSettings
{
    /// <summary>Gets or sets the time one target may take; a target that hangs is reported unreachable when it runs out.</summary>
    /// <value>The default value is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how many targets are probed at the same time.</summary>
    /// <value>The default value is 8.</value>
    [Range(1, 256)]
    public int MaxConcurrency { get; set; } = 8;
}
