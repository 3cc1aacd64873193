using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Site;

namespace MipSecure.Build;

/// <summary>
/// Checks a <c>mipsecure.json</c> with MipSecure.Trust's site loader and rules; every finding points at the line of the
/// entry it is about (or the file, when it is about the file as a whole).
/// </summary>
internal sealed class SiteConfigurationCheck
{
    private readonly BuildDiagnostics _diagnostics;
    private readonly SiteCheckOptions _options;

    public SiteConfigurationCheck(BuildDiagnostics diagnostics, SiteCheckOptions options)
    {
        _diagnostics = diagnostics;
        _options = options;
    }

    /// <summary>Gets the number of servers the configuration describes, once <see cref="Run"/> has read it.</summary>
    public int Servers { get; private set; }

    /// <summary>Gets the certificate files the configuration names, so that a change to one of them runs the check again.</summary>
    public IReadOnlyList<string> CertificateFiles { get; private set; } = new List<string>();

    /// <summary>Checks the configuration at <paramref name="path"/>.</summary>
    public void Run(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var loaded = SiteConfigurationLoader.Load(fullPath);
        var report = SiteChecker.Check(loaded, _options);
        // The report lists each cause before its consequences, so a CI log leads with what to fix; each says how they relate.
        foreach (var finding in report.Findings)
        {
            var location = finding.Location;
            var file = string.IsNullOrEmpty(location.FilePath) ? fullPath : Path.GetFullPath(location.FilePath!);
            var relation = finding.Cause is { } cause
                ? $" (follows from {cause.Code.Id}, reported before it)"
                : finding.Consequences.Count > 0
                    ? string.Format(CultureInfo.InvariantCulture, " ({0} finding{1} after this one follow{2} from it)", finding.Consequences.Count, finding.Consequences.Count == 1 ? string.Empty : "s", finding.Consequences.Count == 1 ? "s" : string.Empty)
                    : string.Empty;
            _diagnostics.Report(finding.Code, finding.Severity, relation.Length == 0 ? finding.Message : finding.Message.TrimEnd('.') + relation + ".", finding.Remedy, new DiagnosticLocation(file, location.Line, location.Column));
        }

        Servers = report.Servers.Count;
        CertificateFiles = loaded.Configuration is null ? new List<string>() : FilesNamedBy(loaded.Configuration);
    }

    private static List<string> FilesNamedBy(SiteConfiguration site)
    {
        var trust = site.Trust;
        var references = trust.CaCertificates
            .Concat(trust.ClientCaCertificates ?? Enumerable.Empty<CertificateReference>())
            .Concat(trust.RecordingServerCaCertificates ?? Enumerable.Empty<CertificateReference>())
            .Concat(trust.ManagementServerCaCertificates ?? Enumerable.Empty<CertificateReference>())
            .Concat(site.Servers.Select(server => server.Certificate).Where(certificate => certificate is not null).Select(certificate => certificate!));
        return references
            .Select(reference => reference.ResolvedPath)
            .Where(path => !string.IsNullOrEmpty(path))
            .Select(path => Path.GetFullPath(path!))
            .Distinct()
            .OrderBy(path => path, System.StringComparer.Ordinal)
            .ToList();
    }
}
