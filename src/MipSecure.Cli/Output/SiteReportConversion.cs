using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Site;

namespace MipSecure.Cli.Output;

/// <summary>Maps a site report onto the command-line report: one target per server, plus one for site-wide findings.</summary>
internal static class SiteReportConversion
{
    public static CommandReport ToCommandReport(SiteReport report)
    {
        var results = new List<TargetResult>();
        foreach (var server in report.Servers)
        {
            results.Add(new TargetResult(
                server.Server.Description,
                server.IsEncrypted ? EncryptionState.On : EncryptionState.Off,
                server.Findings.Select(f => f.Finding).ToList()));
        }

        if (report.SiteFindings.Count > 0)
        {
            results.Add(new TargetResult(report.ConfigurationPath ?? "site", EncryptionState.Unknown, report.SiteFindings.Select(f => f.Finding).ToList()));
        }

        return new CommandReport(results);
    }
}
