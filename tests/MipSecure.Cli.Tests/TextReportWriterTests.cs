using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MipSecure.Cli.Output;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>The table a terminal shows says what the plain text says: the cause with its consequences under it, and "not checked".</summary>
public sealed class TextReportWriterTests
{
    [Fact]
    public void The_terminal_table_shows_the_cause_with_its_consequences_and_no_verdict_nothing_supports()
    {
        var cause = new TrustFinding(MipSecCodes.IssuerNotTrusted, FindingSeverity.Error, "The certificates of 2 servers are issued by 'CN=X'.", "Replace the file.");
        var refused = new TrustFinding(MipSecCodes.CertificateUntrusted, FindingSeverity.Error, "Recorder 1 is not trusted.", "Trust its CA.");
        var report = new CommandReport(new[]
        {
            new TargetResult("site", EncryptionState.NotApplicable, new[] { cause }) { IsSite = true },
            new TargetResult("https://rec1.contoso.local:7563/", EncryptionState.On, new[] { refused })
            {
                Server = "recording server 'Recorder 1'",
                CertificateChecked = true,
                Causes = new Dictionary<TrustFinding, TrustFinding>(ReferenceEqualityComparer.Instance) { [refused] = cause },
            },
            new TargetResult("http://rec2.contoso.local:7563/", EncryptionState.Off, new List<TrustFinding>()) { Server = "recording server 'Recorder 2'" },
        });
        var output = new StringWriter();

        TextReportWriter.Write(report, new CliConsole(output, TextWriter.Null, isTerminal: true, useColor: false));

        // The table wraps its cells at the width of the output: read the findings column and the summary back as running text.
        var lines = output.ToString().Split('\n');
        var findings = Collapse(string.Join(" ", lines.Where(l => l.StartsWith('│')).Select(l => l.Split('│')[4])));
        var trusted = lines.Where(l => l.StartsWith('│')).Select(l => l.Split('│')[3].Trim()).ToList();
        var summary = Collapse(string.Join(" ", lines.SkipWhile(l => !l.StartsWith('╰')).Skip(1)));
        Assert.StartsWith("Findings MIPSEC2024 The certificates of 2 servers are issued by 'CN=X'. fix: Replace the file. see:", findings, System.StringComparison.Ordinal);
        Assert.Contains(" recording server 'Recorder 1': MIPSEC1001 Certificate not issued by a trusted CA MIPSEC1001: follows from MIPSEC2024 above none", findings, System.StringComparison.Ordinal);
        Assert.DoesNotContain("Recorder 1 is not trusted.", findings, System.StringComparison.Ordinal);
        Assert.Equal(new[] { "Trusted", "n/a", "no", "not checked" }, trusted.Where(t => t.Length > 0));
        Assert.Equal("2 target(s): 0 trusted, 1 not trusted, 1 not checked; 2 error(s) (1 cause, 1 consequence), 0 warning(s).", summary);
    }

    private static string Collapse(string text) => Regex.Replace(text, @"\s+", " ").Trim();
}
