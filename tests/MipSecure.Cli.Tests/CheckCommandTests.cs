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
        var codes = document.RootElement.GetProperty("results").EnumerateArray()
            .SelectMany(r => r.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()))
            .ToList();
        Assert.Equal("MIPSEC3001", codes[0]);
        Assert.True(codes.Count > 1, "the consequences of the unreadable CA are still reported: " + string.Join(", ", codes));
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
