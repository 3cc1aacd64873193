using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary><c>check --nagios</c>: one plugin status line with perfdata, and the plugin exit codes.</summary>
public sealed class CheckNagiosTests : IClassFixture<CheckNagiosTests.Certificates>, IDisposable
{
    private static readonly Regex PluginLine = new(@"^MIPSECURE (OK|WARNING|CRITICAL|UNKNOWN) - [^|\n]+( \| ([a-z_]+=\d+;\d*;\d*;\d*;? ?)+)?$", RegexOptions.CultureInvariant);
    private readonly CliRunner _cli = new();
    private readonly TempDirectory _temp = new("mipsecure-nagios");

    public CheckNagiosTests(Certificates certificates)
    {
        Directory.CreateDirectory(_temp.File("certs"));
        foreach (var (name, pem) in certificates.Pem)
        {
            File.WriteAllText(_temp.File("certs/" + name), pem);
        }
    }

    [Fact]
    public async Task A_sound_site_is_OK_with_exit_0()
    {
        var result = await _cli.RunAsync("check", WriteConfig("https", "certs/rec1.crt"), "--nagios");

        Assert.Equal(0, result.ExitCode);
        var line = SingleLine(result.Output);
        Assert.StartsWith("MIPSECURE OK - 0 error(s), 0 warning(s) in mipsecure.json, 2 server(s) | ", line, StringComparison.Ordinal);
        Assert.Contains("errors=0;;1;0 warnings=0;1;;0 servers=2;;;0 expiring=0;1;;0 expired=0;;1;0", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_inside_the_warning_window_is_WARNING_with_exit_1()
    {
        var result = await _cli.RunAsync("check", WriteConfig("https", "certs/soon.crt"), "--nagios");

        Assert.Equal(1, result.ExitCode);
        var line = SingleLine(result.Output);
        Assert.StartsWith("MIPSECURE WARNING - 0 error(s), 1 warning(s)", line, StringComparison.Ordinal);
        Assert.Contains(": MIPSEC1006 recording server 'Recorder 1'", line, StringComparison.Ordinal);
        Assert.Contains(" expiring=1;1;;0", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_finding_is_CRITICAL_with_exit_2()
    {
        var result = await _cli.RunAsync("check", WriteConfig("http", "certs/rec1.crt"), "--nagios");

        Assert.Equal(2, result.ExitCode);
        var line = SingleLine(result.Output);
        Assert.StartsWith("MIPSECURE CRITICAL - 1 error(s)", line, StringComparison.Ordinal);
        Assert.Contains(": MIPSEC2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_site_file_is_UNKNOWN_with_exit_3()
    {
        var path = _temp.File("mipsecure.json");
        File.WriteAllText(path, "{ \"managementServer\": ");

        var result = await _cli.RunAsync("check", path, "--nagios");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("MIPSECURE UNKNOWN - ", SingleLine(result.Output), StringComparison.Ordinal);
        Assert.Contains("MIPSEC3", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_site_file_is_UNKNOWN_with_exit_3()
    {
        var result = await _cli.RunAsync("check", _temp.File("absent.json"), "--nagios");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("MIPSECURE UNKNOWN - ", SingleLine(result.Output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trusting_the_wrong_CA_leads_with_the_cause_counts_its_consequences_and_links_its_page()
    {
        var path = WriteConfig("https", "certs/rec1.crt", caFile: "certs/other.crt", fileName: "wrongca.json");

        var result = await _cli.RunAsync("check", path, "--nagios");

        Assert.Equal(2, result.ExitCode);
        var line = SingleLine(result.Output);
        Assert.StartsWith("MIPSECURE CRITICAL - 5 error(s) (1 cause, 4 consequences), 0 warning(s) in wrongca.json, 2 server(s): MIPSEC2024 site: The certificates of 2 servers are issued by 'CN=Contoso Root CA'", line, StringComparison.Ordinal);
        Assert.Contains(" see: " + Trust.Diagnostics.MipSecCode.HelpBaseAddress + "MIPSEC2024.md | errors=5;", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_in_the_CA_path_is_UNKNOWN_with_the_unreadable_file_and_its_page()
    {
        var path = WriteConfig("https", "certs/rec1.crt", caFile: "certs/rot.crt", fileName: "typo.json");

        var result = await _cli.RunAsync("check", path, "--nagios");

        Assert.Equal(3, result.ExitCode);
        var line = SingleLine(result.Output);
        Assert.Contains("error MIPSEC3001: Cannot read certificate 'certs/rot.crt'", line, StringComparison.Ordinal);
        Assert.EndsWith(" see: " + Trust.Diagnostics.MipSecCode.HelpBaseAddress + "MIPSEC3001.md", line, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();

    private static string SingleLine(string output)
    {
        var lines = output.TrimEnd('\n', '\r').Split('\n');
        var line = Assert.Single(lines).TrimEnd('\r');
        Assert.Matches(PluginLine, line);
        return line;
    }

    /// <summary>The site's CA and certificates, issued once for the class on the runner's fixed clock (key generation is slow).</summary>
    public sealed class Certificates : IDisposable
    {
        private readonly CertificateAuthority _root = CertificateAuthority.CreateRoot("Contoso Root CA", new CliRunner().Clock);
        private readonly CertificateAuthority _other = CertificateAuthority.CreateRoot("Other CA", new CliRunner().Clock);

        public Certificates() => Pem = new (string, string)[]
        {
            ("root.crt", CertificateAuthority.ExportPem(_root.Certificate)),
            ("other.crt", CertificateAuthority.ExportPem(_other.Certificate)),
            ("mgmt.crt", CertificateAuthority.ExportPem(_root.IssueServerCertificate("mgmt.contoso.local"))),
            ("rec1.crt", CertificateAuthority.ExportPem(_root.IssueServerCertificate("rec1.contoso.local"))),
            ("soon.crt", CertificateAuthority.ExportPem(_root.Issue(CertificateProfiles.ToSpec(CertificateProfile.ExpiringSoon, new[] { "rec1.contoso.local" })))),
        };

        public (string Name, string Pem)[] Pem { get; }

        public void Dispose()
        {
            _root.Dispose();
            _other.Dispose();
        }
    }

    private string WriteConfig(string recordingScheme, string recorderCertificate, string caFile = "certs/root.crt", string fileName = "mipsecure.json")
    {
        var path = _temp.File(fileName);
        File.WriteAllText(path, $$"""
            {
              "trust": { "caCertificates": ["{{caFile}}"], "expiryWarningDays": 30 },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "{{recordingScheme}}://rec1.contoso.local:7563/", "certificate": "{{recorderCertificate}}" }
              ]
            }
            """);
        return path;
    }
}
