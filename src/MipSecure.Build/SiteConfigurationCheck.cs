using System.IO;
using MipSecure.Trust.Diagnostics;
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

    /// <summary>Checks the configuration at <paramref name="path"/>; returns the number of servers it describes.</summary>
    public int Run(string path)
    {
        var fullPath = Path.GetFullPath(path);
        var report = SiteChecker.CheckFile(fullPath, _options);
        foreach (var finding in report.Findings)
        {
            var location = finding.Location;
            var file = string.IsNullOrEmpty(location.FilePath) ? fullPath : Path.GetFullPath(location.FilePath!);
            _diagnostics.Report(finding.Finding, new DiagnosticLocation(file, location.Line, location.Column));
        }

        return report.Servers.Count;
    }
}
