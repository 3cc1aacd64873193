using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests;

public sealed class CheckCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly TempDirectory _temp = new("mipsecure-check");
    private readonly CertificateAuthority _root;

    public CheckCommandTests()
    {
        _root = CertificateAuthority.CreateRoot("Contoso Root CA", _cli.Clock);
        Directory.CreateDirectory(_temp.File("certs"));
        WritePem("certs/root.crt", _root.Certificate);
        WritePem("certs/mgmt.crt", _root.IssueServerCertificate("mgmt.contoso.local"));
        WritePem("certs/rec1.crt", _root.IssueServerCertificate("rec1.contoso.local"));
    }

    [Fact]
    public async Task A_consistent_site_exits_0()
    {
        var config = WriteConfig(recordingScheme: "https");

        var result = await _cli.RunAsync("check", config);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("target(s): 2 trusted, 0 not trusted; 0 error(s)", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_in_the_CA_path_reports_the_unreadable_file_before_its_consequences()
    {
        var config = WriteConfig(recordingScheme: "https").Replace("mipsecure.json", "typo.json", StringComparison.Ordinal);
        File.WriteAllText(config, File.ReadAllText(WriteConfig(recordingScheme: "https")).Replace("certs/root.crt", "certs/rot.crt", StringComparison.Ordinal));

        var text = await _cli.RunAsync("check", config);
        var json = await _cli.RunAsync("check", config, "--json");

        Assert.Equal(3, text.ExitCode);
        Assert.Equal(3, json.ExitCode);
        var firstFinding = text.Output.Split('\n').First(l => l.Contains(" error: ", StringComparison.Ordinal) || l.Contains(" warning: ", StringComparison.Ordinal));
        Assert.Contains("MIPSEC3001 error: ", firstFinding, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Output);
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();
        var cause = results[0].GetProperty("findings")[0];
        Assert.Equal("MIPSEC3001", cause.GetProperty("code").GetString());

        // The consequences are still reported, under their cause: one per party that now has no CA to verify with.
        Assert.Equal(new[] { "MIPSEC2013", "MIPSEC2013", "MIPSEC2013" }, cause.GetProperty("consequences").EnumerateArray().Select(c => c.GetProperty("code").GetString()));
        Assert.All(cause.GetProperty("consequences").EnumerateArray(), AssertCompleteFinding);
        Assert.Equal(1, results.Sum(r => r.GetProperty("findings").GetArrayLength()));

        // Nothing was checked against a CA, so no server is called trusted, in either form.
        var textLines = text.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.DoesNotContain(textLines, l => l.Contains("trusted: yes", StringComparison.Ordinal));
        Assert.Equal(2, textLines.Count(l => l.EndsWith("  encryption: on  trusted: not checked", StringComparison.Ordinal)));
        Assert.Contains("    consequences (3):", textLines);
        Assert.Equal("2 target(s): 0 trusted, 0 not trusted, 2 not checked; 4 error(s) (1 cause, 3 consequences), 0 warning(s).", textLines.Last(l => l.Length > 0));
        Assert.All(results.Skip(1), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("trusted").ValueKind));
    }

    [Fact]
    public async Task Trusting_the_wrong_CA_prints_one_cause_first_with_each_refusal_under_it_in_text()
    {
        var config = WriteWrongCaConfig();

        var result = await _cli.RunAsync("check", config);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.Equal("wrongca.json", Path.GetFileName(lines[0]));
        Assert.Matches(@"^  .*wrongca\.json\(3,\d+\): MIPSEC2024 error: The certificates of 2 servers are issued by 'CN=Contoso Root CA', which no CA in trust\.caCertificates is: it holds 'CN=Other CA'\.$", lines[1]);
        Assert.StartsWith("    fix: Replace 'certs/other-ca.crt' in trust.caCertificates with the certificate of 'CN=Contoso Root CA'", lines[2], StringComparison.Ordinal);
        Assert.Equal("    see: " + MipSecCode.HelpBaseAddress + "MIPSEC2024.md", lines[3]);
        Assert.Equal(
            new[]
            {
                "    consequences (4):",
                "      management server 'mgmt.contoso.local': MIPSEC2003 Management server certificate not trusted by the recording servers",
                "      management server 'mgmt.contoso.local': MIPSEC2005 Server certificate not trusted by the clients",
                "      recording server 'Recorder 1': MIPSEC2004 Recording server certificate not trusted by the management server",
                "      recording server 'Recorder 1': MIPSEC2005 Server certificate not trusted by the clients",
                "management server 'mgmt.contoso.local' (https://mgmt.contoso.local/)  encryption: on  trusted: no",
                "  MIPSEC2003, MIPSEC2005: follow from MIPSEC2024 above",
                "recording server 'Recorder 1' (https://rec1.contoso.local:7563/)  encryption: on  trusted: no",
                "  MIPSEC2004, MIPSEC2005: follow from MIPSEC2024 above",
                "2 target(s): 0 trusted, 2 not trusted; 5 error(s) (1 cause, 4 consequences), 0 warning(s).",
            },
            lines.Skip(4));
    }

    [Fact]
    public async Task Trusting_the_wrong_CA_nests_every_refusal_complete_inside_the_cause_in_json_and_keeps_each_in_sarif()
    {
        var config = WriteWrongCaConfig();
        var sarif = _temp.File("out/wrongca.sarif");

        var result = await _cli.RunAsync("check", config, "--json", "--sarif", sarif);

        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();
        var cause = Assert.Single(results[0].GetProperty("findings").EnumerateArray());
        Assert.Equal("MIPSEC2024", cause.GetProperty("code").GetString());
        AssertCompleteFinding(cause);
        var consequences = cause.GetProperty("consequences").EnumerateArray().ToList();
        Assert.Equal(
            new[] { "management server 'mgmt.contoso.local' MIPSEC2003", "management server 'mgmt.contoso.local' MIPSEC2005", "recording server 'Recorder 1' MIPSEC2004", "recording server 'Recorder 1' MIPSEC2005" },
            consequences.Select(c => c.GetProperty("server").GetString() + " " + c.GetProperty("code").GetString()));
        Assert.All(consequences, AssertCompleteFinding);
        Assert.Equal(LineOf(config, "\"certificate\": \"certs/rec1.crt\""), consequences[2].GetProperty("line").GetInt32());

        // Each refusal is written once: under its cause, not again in its server's findings; the servers are not trusted.
        Assert.All(results.Skip(1), r => Assert.Equal(0, r.GetProperty("findings").GetArrayLength()));
        Assert.All(results.Skip(1), r => Assert.False(r.GetProperty("trusted").GetBoolean()));

        using var sarifDocument = JsonDocument.Parse(File.ReadAllText(sarif));
        var sarifResults = sarifDocument.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(5, sarifResults.Count);
        Assert.Equal("MIPSEC2024", sarifResults[0].GetProperty("ruleId").GetString());
        Assert.All(sarifResults.Skip(1), r =>
        {
            Assert.Equal("MIPSEC2024", r.GetProperty("properties").GetProperty("cause").GetString());
            var related = r.GetProperty("relatedLocations")[0].GetProperty("physicalLocation").GetProperty("region");
            Assert.Equal(3, related.GetProperty("startLine").GetInt32());
        });
    }

    [Fact]
    public async Task Text_output_is_written_by_the_writer_every_command_uses()
    {
        var config = WriteConfig(recordingScheme: "http");

        var result = await _cli.RunAsync("check", config);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Matches(@"^\d+ target\(s\): \d+ trusted, \d+ not trusted.*; 1 error\(s\), \d+ warning\(s\)\.$", lines[^1]);
        Assert.Contains(lines, l => l.StartsWith("recording server 'Recorder 1' (http://", StringComparison.Ordinal) && l.Contains("  encryption: off  trusted: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^  .*mipsecure\.json\(\d+,\d+\): MIPSEC2001 error: "));
        Assert.Contains(lines, l => l.StartsWith("    see: " + MipSecCode.HelpBaseAddress + "MIPSEC2001.md", StringComparison.Ordinal));
        Snapshot.Verify(result.Output, scrubber: text => System.Text.RegularExpressions.Regex.Replace(text, "mipsecure-check-[0-9a-f]+", "{Folder}"));
    }

    [Fact]
    public async Task Encrypted_management_with_a_plaintext_recorder_exits_1_and_writes_SARIF_with_the_line()
    {
        var config = WriteConfig(recordingScheme: "http");
        var sarif = _temp.File("out/check.sarif");

        var result = await _cli.RunAsync("check", config, "--sarif", sarif);

        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(File.ReadAllText(sarif));
        var run = document.RootElement.GetProperty("runs")[0];
        Assert.Equal("mipsecure", run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString());
        var error = run.GetProperty("results").EnumerateArray().First(r => r.GetProperty("level").GetString() == "error");
        var rule = error.GetProperty("ruleId").GetString()!;
        Assert.True(MipSecCodes.TryGet(rule, out var code) && code.Category == MipSecCodeCategory.SiteConfiguration, rule);
        var region = error.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(LineOf(config, "\"webServerUri\""), region.GetProperty("startLine").GetInt32());
    }

    [Fact]
    public async Task Json_output_lists_every_server()
    {
        var config = WriteConfig(recordingScheme: "http");

        var result = await _cli.RunAsync("check", config, "--json");

        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();
        var recorder = results.Single(r => r.GetProperty("server").GetString() == "recording server 'Recorder 1'");
        Assert.StartsWith("http://", recorder.GetProperty("target").GetString(), StringComparison.Ordinal);
        var finding = recorder.GetProperty("findings")[0];
        Assert.EndsWith("mipsecure.json", finding.GetProperty("file").GetString(), StringComparison.Ordinal);
        Assert.True(finding.GetProperty("line").GetInt32() > 1);
        Assert.True(finding.GetProperty("column").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("fix").GetString()));
        Assert.StartsWith("https://", finding.GetProperty("helpLink").GetString(), StringComparison.Ordinal);
        var healthy = results.Single(r => r.GetProperty("server").GetString()!.StartsWith("management server", StringComparison.Ordinal));
        var certificate = healthy.GetProperty("certificates")[0];
        Assert.False(string.IsNullOrEmpty(certificate.GetProperty("issuer").GetString()));
        Assert.True(certificate.GetProperty("subjectAlternativeNames").GetArrayLength() > 0);
        Assert.True(certificate.TryGetProperty("thumbprint", out _));
        Assert.True(certificate.TryGetProperty("notAfter", out _));
        Snapshot.Verify(result.Output, scrubber: text => System.Text.RegularExpressions.Regex.Replace(text, "mipsecure-check-[0-9a-f]+", "{Folder}"));
    }

    [Fact]
    public async Task At_checks_the_site_as_of_a_later_time()
    {
        var config = WriteConfig(recordingScheme: "https");

        var now = await _cli.RunAsync("check", config);
        var later = await _cli.RunAsync("check", config, "--at", CliRunner.Now.AddDays(400).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, now.ExitCode);
        Assert.Equal(1, later.ExitCode);
        Assert.Contains("MIPSEC1004", later.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_exits_3_with_line_and_column()
    {
        File.WriteAllText(_temp.File("mipsecure.json"), "{\n  \"trust\": { \"caCertificates\": [\"certs/root.crt\" }\n}\n");

        var result = await _cli.RunAsync("check", _temp.File("mipsecure.json"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("MIPSEC3052", result.Output, StringComparison.Ordinal);
        Assert.Contains("(2,", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_exits_3()
    {
        var result = await _cli.RunAsync("check", _temp.File("nope/mipsecure.json"));

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("MIPSEC3050", result.Output + result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _root.Dispose();
        _temp.Dispose();
    }

    private static int LineOf(string path, string text) =>
        File.ReadAllLines(path).Select((line, index) => (line, index)).First(l => l.line.Contains(text, StringComparison.Ordinal)).index + 1;

    private void WritePem(string relative, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate) =>
        File.WriteAllText(_temp.File(relative), CertificateAuthority.ExportPem(certificate));

    private static void AssertCompleteFinding(JsonElement finding)
    {
        foreach (var name in new[] { "code", "severity", "message", "fix", "helpLink", "file" })
        {
            Assert.False(string.IsNullOrEmpty(finding.GetProperty(name).GetString()), name);
        }

        Assert.True(finding.GetProperty("line").GetInt32() > 0);
        Assert.True(finding.GetProperty("column").GetInt32() > 0);
    }

    // The site's servers, trusted with a real CA certificate that did not issue them.
    private string WriteWrongCaConfig()
    {
        using var other = CertificateAuthority.CreateRoot("Other CA", _cli.Clock);
        WritePem("certs/other-ca.crt", other.Certificate);
        var path = _temp.File("wrongca.json");
        File.WriteAllText(path, File.ReadAllText(WriteConfig(recordingScheme: "https")).Replace("certs/root.crt", "certs/other-ca.crt", StringComparison.Ordinal));
        return path;
    }

    private string WriteConfig(string recordingScheme)
    {
        var path = _temp.File("mipsecure.json");
        File.WriteAllText(path, $$"""
            {
              // The Contoso site.
              "trust": { "caCertificates": ["certs/root.crt"], "expiryWarningDays": 30 },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                {
                  "name": "Recorder 1",
                  "webServerUri": "{{recordingScheme}}://rec1.contoso.local:7563/",
                  "certificate": "certs/rec1.crt"
                }
              ]
            }
            """);
        return path;
    }
}
