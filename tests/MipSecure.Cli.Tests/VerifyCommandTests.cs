using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly TempDirectory _temp = new("mipsecure-cli");
    private readonly CertificateAuthority _root;
    private readonly CertificateAuthority _issuing;

    public VerifyCommandTests()
    {
        _root = CertificateAuthority.CreateRoot("Contoso Root CA", _cli.Clock);
        _issuing = _root.CreateIntermediate("Contoso Issuing CA");
        File.WriteAllText(_temp.File("root.crt"), CertificateAuthority.ExportPem(_root.Certificate));
    }

    [Fact]
    public async Task A_valid_chain_file_exits_0()
    {
        var chain = WriteChain("rec1.pem", _issuing.IssueServerCertificate("rec1.contoso.local"));

        var result = await _cli.RunAsync("verify", chain, "--ca", _temp.File("root.crt"), "--host", "rec1.contoso.local");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("trusted: yes", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_says_what_it_checked_and_nothing_about_encryption()
    {
        var chain = WriteChain("rec1.pem", _issuing.IssueServerCertificate("rec1.contoso.local"));

        var result = await _cli.RunAsync("verify", chain, "--ca", _temp.File("root.crt"), "--host", "rec1.contoso.local");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("certificate CN=rec1.contoso.local", result.Output, StringComparison.Ordinal);
        Assert.Contains("issuer:     CN=Contoso Issuing CA", result.Output, StringComparison.Ordinal);
        Assert.Contains("names:      rec1.contoso.local", result.Output, StringComparison.Ordinal);
        Assert.Contains("day(s) left", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("encryption", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_host_exits_1_with_code_and_remedy_in_text()
    {
        var chain = WriteChain("rec1.pem", _issuing.IssueServerCertificate("rec1.contoso.local"));

        var result = await _cli.RunAsync("verify", chain, "--ca", _temp.File("root.crt"), "--host", "rec9.contoso.local");

        Assert.Equal(1, result.ExitCode);
        Snapshot.Verify(result.Output);
    }

    [Fact]
    public async Task Json_output_follows_the_documented_shape()
    {
        var expired = _issuing.Issue(new CertificateSpec
        {
            CommonName = "rec2.contoso.local",
            DnsNames = new[] { "rec2.contoso.local" },
            NotAfterOffset = TimeSpan.FromDays(-2),
        });
        var chain = WriteChain("rec2.pem", expired);

        var result = await _cli.RunAsync("verify", chain, "--ca", _temp.File("root.crt"), "--host", "rec2.contoso.local", "--json");

        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        var target = document.RootElement.GetProperty("results").EnumerateArray().Single();
        Assert.Equal(new[] { "target", "server", "encryption", "trusted", "certificates", "findings" }, target.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, target.GetProperty("encryption").ValueKind);
        Assert.Equal(new[] { "subject", "issuer", "subjectAlternativeNames", "thumbprint", "notAfter" }, target.GetProperty("certificates")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("rec2.contoso.local", target.GetProperty("certificates")[0].GetProperty("subjectAlternativeNames")[0].GetString());
        var finding = target.GetProperty("findings").EnumerateArray().First();
        Assert.Equal(new[] { "code", "severity", "message", "fix", "helpLink", "file", "line", "column", "certificate", "consequences" }, finding.EnumerateObject().Select(p => p.Name));
        Assert.Equal(new[] { "subject", "issuer", "subjectAlternativeNames", "thumbprint", "notAfter" }, finding.GetProperty("certificate").EnumerateObject().Select(p => p.Name));
        Snapshot.Verify(result.Output);
    }

    [Fact]
    public async Task At_moves_the_validation_time()
    {
        var chain = WriteChain("rec1.pem", _issuing.IssueServerCertificate("rec1.contoso.local"));

        var later = await _cli.RunAsync("verify", chain, "--ca", _temp.File("root.crt"), "--host", "rec1.contoso.local", "--at", "2030-01-01T00:00:00Z", "--json");

        Assert.Equal(1, later.ExitCode);
        Assert.Contains("MIPSEC1004", later.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-ca")]
    [InlineData("missing-host")]
    [InlineData("bad-time")]
    [InlineData("unknown-option")]
    public async Task Bad_arguments_exit_2(string kind)
    {
        var chain = WriteChain("rec1.pem", _issuing.IssueServerCertificate("rec1.contoso.local"));
        var args = kind switch
        {
            "missing-ca" => new[] { "verify", chain, "--host", "rec1" },
            "missing-host" => new[] { "verify", chain, "--ca", _temp.File("root.crt") },
            "bad-time" => new[] { "verify", chain, "--ca", _temp.File("root.crt"), "--host", "rec1", "--at", "yesterday" },
            _ => new[] { "verify", chain, "--ca", _temp.File("root.crt"), "--host", "rec1", "--frobnicate" },
        };

        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_certificate_exits_3_with_its_code()
    {
        File.WriteAllText(_temp.File("garbage.crt"), "-----BEGIN CERTIFICATE-----\n%%%\n-----END CERTIFICATE-----\n");

        var result = await _cli.RunAsync("verify", _temp.File("garbage.crt"), "--ca", _temp.File("root.crt"), "--host", "rec1");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("MIPSEC3005:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_password_variable_exits_3_without_guessing()
    {
        var result = await _cli.RunAsync("verify", _temp.File("any.pfx"), "--ca", _temp.File("root.crt"), "--host", "rec1", "--password-variable", "REC1_PFX_PASSWORD");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("MIPSEC3007", result.Error, StringComparison.Ordinal);
        Assert.Contains("REC1_PFX_PASSWORD", result.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _issuing.Dispose();
        _root.Dispose();
        _temp.Dispose();
    }

    private string WriteChain(string name, X509Certificate2 leaf)
    {
        var path = _temp.File(name);
        File.WriteAllText(path, CertificateAuthority.ExportPem(leaf) + CertificateAuthority.ExportPem(_issuing.Certificate));
        return path;
    }
}
