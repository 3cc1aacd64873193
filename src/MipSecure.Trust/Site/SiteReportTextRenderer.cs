using System;
using System.Globalization;
using System.Linq;
using System.Text;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Site;

/// <summary>
/// Renders a <see cref="SiteReport"/> as plain text. Each finding line has the compiler format
/// (<c>file(line,column): error MIPSEC2001: message</c>) that editors and build logs link to the file.
/// </summary>
public static class SiteReportTextRenderer
{
    /// <summary>Renders <paramref name="report"/>.</summary>
    /// <param name="report">The report.</param>
    /// <returns>The text, with LF line endings.</returns>
    public static string Render(SiteReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        var text = new StringBuilder();
        text.Append("Site configuration: ").Append(report.ConfigurationPath ?? "(built in code)").Append('\n');
        text.Append("Checked at: ").Append(report.CheckedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC\n");

        foreach (var server in report.Servers)
        {
            text.Append('\n');
            text.Append(Capitalize(server.Server.Description)).Append(": encryption ").Append(server.IsEncrypted ? "on" : "off").Append('\n');
            foreach (var endpoint in server.Server.Endpoints)
            {
                text.Append("  ").Append(endpoint.PropertyName).Append(' ').Append(endpoint.Uri.OriginalString).Append('\n');
            }

            if (server.Server.Certificate is not null)
            {
                text.Append("  certificate ").Append(server.Server.Certificate.Text).Append('\n');
            }

            AppendFindings(text, server.Findings.Count == 0 ? null : server.Findings.ToList());
        }

        if (report.SiteFindings.Count > 0)
        {
            text.Append("\nSite:\n");
            AppendFindings(text, report.SiteFindings.ToList());
        }

        text.Append('\n').Append("Result: ").Append(VerdictText(report.Verdict))
            .Append(" (")
            .Append(Count(report.ErrorCount, "error")).Append(", ")
            .Append(Count(report.WarningCount, "warning")).Append(", ")
            .Append(report.InfoCount.ToString(CultureInfo.InvariantCulture)).Append(" info")
            .Append("), exit code ").Append(report.ExitCode.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    private static void AppendFindings(StringBuilder text, System.Collections.Generic.List<SiteFinding>? findings)
    {
        if (findings is null)
        {
            text.Append("  no findings\n");
            return;
        }

        foreach (var finding in findings)
        {
            text.Append("  ").Append(finding).Append('\n');
            text.Append("    fix: ").Append(finding.Remedy).Append('\n');
        }
    }

    private static string VerdictText(SiteVerdict verdict) => verdict switch
    {
        SiteVerdict.Passed => "passed",
        SiteVerdict.PassedWithWarnings => "passed with warnings",
        _ => "failed",
    };

    private static string Count(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

    private static string Capitalize(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}
