using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Options;

/// <summary>
/// Reads the client's part of a <c>mipsecure.json</c> site file: the CA certificates clients trust, the expiry warning window,
/// and every server's URI (read into a site by <c>DiscoveredSite.FromSiteFile</c>). The same file drives the build check and <c>mipsecure check</c>, so the library and the checks agree.
/// </summary>
internal static class MipSecureSiteFile
{
    /// <summary>Loads a site file, failing on the first error finding.</summary>
    /// <param name="path">The file, for example <c>mipsecure.json</c>.</param>
    /// <returns>The site model.</returns>
    /// <exception cref="MipSecureException">The file is missing, unreadable or invalid; the code and message name the file, line and column.</exception>
    public static SiteConfiguration Load(string path)
    {
        var result = SiteConfigurationLoader.Load(path ?? throw new ArgumentNullException(nameof(path)));
        var error = result.Findings.FirstOrDefault(f => f.Severity == FindingSeverity.Error);
        if (error is not null || result.Configuration is null)
        {
            var where = error?.Location.HasLine == true ? error.Location + ": " : path + ": ";
            throw new MipSecureException(
                error?.Code ?? MipSecCodes.InvalidOptions,
                where + (error?.Message ?? "the site file could not be read."),
                error?.Remedy ?? "Check the file against docs/configuration.md.");
        }

        return result.Configuration;
    }

    /// <summary>Copies the trust settings clients use (<c>trust.caCertificates</c> or its client override, <c>trust.expiryWarningDays</c>) into <paramref name="options"/>.</summary>
    /// <param name="site">The site model.</param>
    /// <param name="options">The options to fill.</param>
    public static void ApplyTo(SiteConfiguration site, MipSecureOptions options)
    {
        if (site is null)
        {
            throw new ArgumentNullException(nameof(site));
        }

        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        foreach (var reference in site.Trust.CaCertificatesFor(TrustingParty.Clients))
        {
            switch (reference.Kind)
            {
                case CertificateReferenceKind.File:
                    options.CaCertificateFiles.Add(reference.ResolvedPath ?? reference.Text);
                    break;
                case CertificateReferenceKind.Store:
                    foreach (var certificate in CertificateLoader.LoadFromStore(reference.Thumbprint!, reference.StoreName!.Value, reference.StoreLocation!.Value).Certificates)
                    {
                        options.CaCertificates.Add(certificate);
                    }

                    break;
                default:
                    foreach (var certificate in reference.InMemoryCertificates)
                    {
                        options.CaCertificates.Add(certificate);
                    }

                    break;
            }
        }

        options.ExpiryWarningDays = site.Trust.ExpiryWarningDays;
    }
}
