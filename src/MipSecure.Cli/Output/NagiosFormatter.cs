using System;
using System.Globalization;
using System.Linq;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;

namespace MipSecure.Cli.Output;

/// <summary>
/// The Nagios plugin output of <c>check --nagios</c>, which Icinga, Naemon and Checkmk read too: one status line
/// <c>MIPSECURE STATE - text | perfdata</c>, and the plugin exit codes 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
/// </summary>
internal static class NagiosFormatter
{
    public const int Ok = 0;
    public const int Warning = 1;
    public const int Critical = 2;
    public const int Unknown = 3;

    public static (string Line, int ExitCode) Format(SiteReport report)
    {
        var errors = report.ErrorCount;
        var warnings = report.WarningCount;
        var unreadable = report.Findings.FirstOrDefault(f => f.Severity == FindingSeverity.Error && f.Code.Category == MipSecCodeCategory.UnreadableInput);
        if (unreadable is not null)
        {
            return ($"MIPSECURE UNKNOWN - {OneLine(unreadable.ToString())} see: {unreadable.Finding.HelpLink}", Unknown);
        }

        var (state, exit) = errors > 0 ? ("CRITICAL", Critical) : warnings > 0 ? ("WARNING", Warning) : ("OK", Ok);
        var worst = report.Findings.Where(f => f.Severity != FindingSeverity.Info).OrderByDescending(f => f.Severity).FirstOrDefault();
        var file = report.ConfigurationPath is null ? "the site" : System.IO.Path.GetFileName(report.ConfigurationPath);
        var causes = report.Causes.Count;
        var grouped = causes == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" ({causes} cause{(causes == 1 ? string.Empty : "s")}, {report.ConsequenceCount} consequence{(report.ConsequenceCount == 1 ? string.Empty : "s")})");
        var text = string.Create(CultureInfo.InvariantCulture, $"{errors} error(s){grouped}, {warnings} warning(s) in {file}, {report.Servers.Count} server(s)");

        // The worst finding, and of those the first: the report lists causes before what follows from them.
        if (worst is not null)
        {
            text += ": " + worst.Code.Id + " " + (worst.Server?.Description ?? "site") + ": " + worst.Message + " see: " + worst.Finding.HelpLink;
        }

        var expiring = report.Findings.Count(f => f.Code.Equals(MipSecCodes.CertificateExpiresSoon));
        var expired = report.Findings.Count(f => f.Code.Equals(MipSecCodes.CertificateExpired));

        // label=value;warn;crit;min: a warning starts at one warning, critical at one error or one expired certificate.
        var perfdata = string.Create(
            CultureInfo.InvariantCulture,
            $"errors={errors};;1;0 warnings={warnings};1;;0 servers={report.Servers.Count};;;0 expiring={expiring};1;;0 expired={expired};;1;0");
        return ($"MIPSECURE {state} - {OneLine(text)} | {perfdata}", exit);
    }

    public static string Unreadable(MipSecureException exception) => "MIPSECURE UNKNOWN - " + OneLine(exception.Message) + " see: " + exception.Code.HelpLink;

    // The status line is one line, and '|' would start the perfdata early.
    private static string OneLine(string text) => text.Replace('\r', ' ').Replace('\n', ' ').Replace('|', '/');
}
