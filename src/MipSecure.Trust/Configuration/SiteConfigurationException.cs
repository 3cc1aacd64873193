using System;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Configuration;

/// <summary>A site configuration could not be used. <see cref="MipSecureException.Code"/> is the first error's code, and the message says where.</summary>
public sealed class SiteConfigurationException : MipSecureException
{
    /// <summary>Creates the exception from the first error finding.</summary>
    /// <param name="finding">The error.</param>
    public SiteConfigurationException(SiteFinding finding)
        : base((finding ?? throw new ArgumentNullException(nameof(finding))).Code, Where(finding) + finding.Message, finding.Remedy)
    {
        Finding = finding;
    }

    /// <summary>Gets the error finding, with its location.</summary>
    public SiteFinding Finding { get; }

    private static string Where(SiteFinding finding)
    {
        var location = finding.Location.ToString();
        return location.Length == 0 ? string.Empty : location + ": ";
    }
}
