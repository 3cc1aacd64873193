using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>
/// Every finding, in every output form: one code, one message, one fix, and its help link. Findings come from a site
/// with many problems at once (the wrong CA, a plaintext recorder, an expiring certificate), a wrong host for verify and
/// an unreachable probe, so that consequences, causes and connection codes are all covered.
/// </summary>
public sealed partial class FindingTextTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly TempDirectory _temp = new("mipsecure-finding-text");
    private readonly CertificateAuthority _root;
    private readonly CertificateAuthority _other;

    public FindingTextTests()
    {
        _root = CertificateAuthority.CreateRoot("Contoso Root CA", _cli.Clock);
        _other = CertificateAuthority.CreateRoot("Other CA", _cli.Clock);
        Directory.CreateDirectory(_temp.File("certs"));
        WritePem("certs/root.crt", _root.Certificate);
        WritePem("certs/other.crt", _other.Certificate);
        WritePem("certs/mgmt.crt", _root.IssueServerCertificate("mgmt.contoso.local"));
        WritePem("certs/rec1.crt", _root.IssueServerCertificate("rec1.contoso.local"));
        WritePem("certs/rec2.crt", _root.Issue(new CertificateSpec { CommonName = "rec2.contoso.local", DnsNames = new[] { "rec2.contoso.local" }, NotAfterOffset = TimeSpan.FromDays(5) }));
    }

    public static TheoryData<string> Commands => new() { "check-wrong-ca", "check-missing-ca", "check-good-ca", "verify-wrong-host", "probe-unreachable" };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Json_findings_carry_their_code_once_a_message_without_the_fix_and_the_help_link(string scenario)
    {
        var result = await _cli.RunAsync(Arguments(scenario).Append("--json").ToArray());

        using var document = JsonDocument.Parse(result.Output);
        var findings = document.RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(r => r.GetProperty("findings").EnumerateArray())
            .SelectMany(f => new[] { f }.Concat(f.GetProperty("consequences").EnumerateArray()))
            .ToList();
        Assert.NotEmpty(findings);
        foreach (var finding in findings)
        {
            var code = finding.GetProperty("code").GetString()!;
            var message = finding.GetProperty("message").GetString()!;
            var fix = finding.GetProperty("fix").GetString()!;
            Assert.DoesNotContain(code, message, StringComparison.Ordinal);
            Assert.DoesNotContain(code, fix, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(fix), code + " has no fix");
            Assert.DoesNotContain(fix, message, StringComparison.Ordinal);
            Assert.Equal(MipSecCode.HelpBaseAddress + code + ".md", finding.GetProperty("helpLink").GetString());
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Text_gives_each_code_once_per_line_and_every_finding_its_fix_and_see_link(string scenario)
    {
        var result = await _cli.RunAsync(Arguments(scenario));

        var lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.DoesNotContain(lines, l => RepeatedCode().IsMatch(l));
        var findingLines = lines.Select((line, index) => (line, index)).Where(l => FindingLine().IsMatch(l.line)).ToList();
        Assert.NotEmpty(findingLines);
        foreach (var (line, index) in findingLines)
        {
            var code = FindingLine().Match(line).Groups[1].Value;
            Assert.StartsWith("    fix: ", lines[index + 1], StringComparison.Ordinal);
            Assert.Equal("    see: " + MipSecCode.HelpBaseAddress + code + ".md", lines[index + 2]);
        }
    }

    [Fact]
    public async Task Sarif_names_the_help_page_of_every_rule_it_uses()
    {
        var sarif = _temp.File("out/check.sarif");

        await _cli.RunAsync(Arguments("check-wrong-ca").Concat(new[] { "--sarif", sarif }).ToArray());

        using var document = JsonDocument.Parse(File.ReadAllText(sarif));
        var run = document.RootElement.GetProperty("runs")[0];
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();
        Assert.Equal(
            run.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).Distinct().Order(StringComparer.Ordinal),
            rules.Select(r => r.GetProperty("id").GetString()));
        Assert.All(rules, r => Assert.Equal(MipSecCode.HelpBaseAddress + r.GetProperty("id").GetString() + ".md", r.GetProperty("helpUri").GetString()));
    }

    public void Dispose()
    {
        _root.Dispose();
        _other.Dispose();
        _temp.Dispose();
    }

    // A finding's first line in text: "  [file(line,col): ]MIPSECnnnn severity: message".
    [GeneratedRegex(@"^  (?:\S.*\(\d+,\d+\): )?(MIPSEC\d{4}) (?:error|warning|info): ")]
    private static partial Regex FindingLine();

    [GeneratedRegex(@"(MIPSEC\d{4}).*\1")]
    private static partial Regex RepeatedCode();

    private string[] Arguments(string scenario) => scenario switch
    {
        "check-wrong-ca" => new[] { "check", Site("wrong-ca.json", "certs/other.crt") },
        "check-missing-ca" => new[] { "check", Site("missing-ca.json", "certs/rot.crt") },
        "check-good-ca" => new[] { "check", Site("good-ca.json", "certs/root.crt") },
        "verify-wrong-host" => new[] { "verify", _temp.File("certs/rec1.crt"), "--ca", _temp.File("certs/root.crt"), "--host", "rec9.contoso.local" },
        _ => new[] { "probe", "https://rec1.contoso.invalid:7563/", "--timeout", "5" },
    };

    // Three servers: the management server, an expiring recorder, and a plaintext recorder the management server's encryption requires.
    private string Site(string name, string caFile)
    {
        var path = _temp.File(name);
        File.WriteAllText(path, $$"""
            {
              "trust": { "caCertificates": ["{{caFile}}"] },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/rec2.crt" },
                { "name": "Recorder 3", "webServerUri": "http://rec3.contoso.local:7563/" }
              ]
            }
            """);
        return path;
    }

    private void WritePem(string relative, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        File.WriteAllText(_temp.File(relative), CertificateAuthority.ExportPem(certificate));
}
