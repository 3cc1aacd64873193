using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using Xunit;

namespace MipSecure.Cli.Tests;

public sealed class PkiCommandTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly TempDirectory _temp = new("mipsecure-pki");

    [Fact]
    public async Task Create_ca_then_issue_gives_a_certificate_XProtect_accepts()
    {
        _cli.Environment["CA_PFX_PASSWORD"] = "ca-secret-1";
        _cli.Environment["SERVER_PFX_PASSWORD"] = "server-secret-2";

        var ca = await _cli.RunAsync("pki", "create-ca", "--name", "Contoso XProtect CA", "--out", _temp.File("ca"), "--password-variable", "CA_PFX_PASSWORD");
        var issue = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca/contoso-xprotect-ca.pfx"), "--ca-password-variable", "CA_PFX_PASSWORD",
            "--host", "rec1.contoso.local", "--ip", "10.0.0.5", "--out", _temp.File("certs"), "--password-variable", "SERVER_PFX_PASSWORD");

        Assert.Equal(0, ca.ExitCode);
        Assert.Equal(0, issue.ExitCode);
        Assert.DoesNotContain("secret", ca.Output + ca.Error + issue.Output + issue.Error, StringComparison.Ordinal);
        using var pfx = CertificateLoader.LoadFile(_temp.File("certs/rec1.contoso.local.pfx"), "server-secret-2");
        var certificate = pfx.Primary;
        Assert.True(certificate.HasPrivateKey);
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(new[] { "rec1.contoso.local", "rec1" }, names.EnumerateDnsNames());
        Assert.Equal("10.0.0.5", names.EnumerateIPAddresses().Single().ToString());
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>();
        Assert.Contains(usages, u => u.Value == "1.3.6.1.5.5.7.3.1");
        Assert.True(certificate.GetRSAPublicKey()!.KeySize >= 2048);
        Assert.True(File.Exists(_temp.File("certs/rec1.contoso.local.cer")));

        var verify = await _cli.RunAsync("verify", _temp.File("certs/rec1.contoso.local.crt"), "--ca", _temp.File("ca/contoso-xprotect-ca.crt"), "--host", "rec1");
        Assert.Equal(0, verify.ExitCode);
    }

    [Fact]
    public async Task Renew_keeps_the_names_and_moves_the_expiry()
    {
        await _cli.RunAsync("pki", "create-ca", "--out", _temp.File("ca"));
        await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca/xprotect-certificate-authority.pfx"), "--host", "mobile.contoso.local", "--out", _temp.File("old"), "--days", "30");
        _cli.Clock.Advance(TimeSpan.FromDays(25));

        var renew = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca/xprotect-certificate-authority.pfx"), "--renew", _temp.File("old/mobile.contoso.local.crt"), "--out", _temp.File("new"));

        Assert.Equal(0, renew.ExitCode);
        using var oldCert = CertificateLoader.LoadFile(_temp.File("old/mobile.contoso.local.crt"));
        using var newCert = CertificateLoader.LoadFile(_temp.File("new/mobile.contoso.local.crt"));
        Assert.Equal(
            oldCert.Primary.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames(),
            newCert.Primary.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames());
        Assert.True(newCert.Primary.NotAfter > oldCert.Primary.NotAfter.AddDays(300));
    }

    [Theory]
    [InlineData("--key-size", "1024")]
    [InlineData("--days", "0")]
    public async Task Create_ca_refuses_values_XProtect_would_not_accept(string option, string value)
    {
        var result = await _cli.RunAsync("pki", "create-ca", "--out", _temp.File("ca"), option, value);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Issue_without_a_host_is_a_usage_error()
    {
        var result = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca.pfx"), "--out", _temp.File("x"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--host", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
