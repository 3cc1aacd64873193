using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Output;

/// <summary>Maps a site report onto the command-line report: one target per server, plus one for site-wide findings.</summary>
internal static class SiteReportConversion
{
    public static CommandReport ToCommandReport(SiteReport report, Func<string, string?>? environment = null)
    {
        var results = new List<TargetResult>();

        // The site row first: it holds the causes (an unreadable CA file, the wrong CA trusted), which are what to fix first.
        if (report.SiteFindings.Count > 0)
        {
            results.Add(new TargetResult(report.ConfigurationPath ?? "site", EncryptionState.Unknown, report.SiteFindings.Select(f => f.Finding).ToList())
            {
                IsSite = true,
                Locations = Locations(report.SiteFindings),
                Causes = Causes(report.SiteFindings),
            });
        }

        foreach (var server in report.Servers)
        {
            var certificates = Certificates(server.Server, environment);
            results.Add(new TargetResult(
                server.Server.Endpoints.Count > 0 ? server.Server.Endpoints[0].Uri.ToString() : server.Server.Description,
                server.IsEncrypted ? EncryptionState.On : EncryptionState.Off,
                server.Findings.Select(f => f.Finding).ToList())
            {
                Server = server.Server.Description,
                CertificateChecked = server.TrustChecked,
                Certificates = certificates,
                Locations = Locations(server.Findings),
                Causes = Causes(server.Findings),
            });
        }

        return new CommandReport(results);
    }

    /// <summary>Each consequence's cause, as the site check linked them.</summary>
    public static Dictionary<TrustFinding, TrustFinding> Causes(IEnumerable<SiteFinding> findings)
    {
        var causes = new Dictionary<TrustFinding, TrustFinding>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings.Where(f => f.Cause is not null))
        {
            causes[finding.Finding] = finding.Cause!.Finding;
        }

        return causes;
    }

    private static Dictionary<TrustFinding, SourceLocation> Locations(IEnumerable<SiteFinding> findings)
    {
        var locations = new Dictionary<TrustFinding, SourceLocation>(ReferenceEqualityComparer.Instance);
        foreach (var finding in findings)
        {
            locations[finding.Finding] = finding.Location;
        }

        return locations;
    }

    // The server's certificate as the file holds it; one that cannot be read already has its finding, so it is left out here.
    private static CertificateSummary[] Certificates(ServerConfiguration server, Func<string, string?>? environment)
    {
        if (server.Certificate?.ResolvedPath is not { } path)
        {
            return Array.Empty<CertificateSummary>();
        }

        try
        {
            var password = server.Certificate.PasswordVariable is { } variable ? environment?.Invoke(variable) : null;
            using var loaded = CertificateLoader.LoadFile(path, password);
            return new[] { CertificateSummaries.From(loaded.Primary) };
        }
        catch (MipSecureException)
        {
            return Array.Empty<CertificateSummary>();
        }
    }
}
