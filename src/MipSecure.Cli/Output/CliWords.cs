using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Output;

/// <summary>
/// The library words its advice for code that configures it (AddressOverrides, MipSecure:AttemptTimeout); a tool user
/// changes options instead. Findings shown by the tool say the option.
/// </summary>
internal static class CliWords
{
    private static readonly (string Library, string Cli)[] Words =
    {
        ("an address override (AddressOverrides)", "--resolve HOST=ADDRESS"),
        ("raise MipSecure:AttemptTimeout and MipSecure:TotalTimeout", "raise --timeout"),
        ("MipSecure:CaCertificateFiles", "--ca"),
    };

    public static TrustFinding Translate(TrustFinding finding)
    {
        var message = Replace(finding.Message);
        var remedy = Replace(finding.Remedy);
        return message == finding.Message && remedy == finding.Remedy
            ? finding
            : new TrustFinding(finding.Code, finding.Severity, message, remedy, finding.Certificate);
    }

    public static IReadOnlyList<TrustFinding> Translate(IEnumerable<TrustFinding> findings) => findings.Select(Translate).ToList();

    private static string Replace(string text) =>
        Words.Aggregate(text, (current, word) => current.Replace(word.Library, word.Cli, StringComparison.Ordinal));
}
