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
        await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"));
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
        var result = await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"), option, value);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Issue_without_a_host_is_a_usage_error()
    {
        var result = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca.pfx"), "--out", _temp.File("x"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--host", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ca_refuses_to_replace_an_existing_ca_unless_forced()
    {
        await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"));
        var before = File.ReadAllBytes(_temp.File("ca/xprotect-certificate-authority.pfx"));

        var again = await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"));

        Assert.Equal(3, again.ExitCode);
        Assert.StartsWith("MIPSEC3021: ", again.Error, StringComparison.Ordinal);
        Assert.Contains("--force", again.Error, StringComparison.Ordinal);
        Assert.Single(again.Error.TrimEnd().Split('\n'));
        Assert.Equal(before, File.ReadAllBytes(_temp.File("ca/xprotect-certificate-authority.pfx")));

        var forced = await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"), "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(before, File.ReadAllBytes(_temp.File("ca/xprotect-certificate-authority.pfx")));
    }

    [Fact]
    public async Task Issue_refuses_to_replace_a_certificate_and_its_key_unless_forced()
    {
        await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"));
        var ca = _temp.File("ca/xprotect-certificate-authority.pfx");
        await _cli.RunAsync("pki", "issue", "--ca", ca, "--host", "rec1.contoso.local", "--out", _temp.File("certs"));
        var before = File.ReadAllBytes(_temp.File("certs/rec1.contoso.local.pfx"));

        var again = await _cli.RunAsync("pki", "issue", "--ca", ca, "--host", "rec1.contoso.local", "--out", _temp.File("certs"));

        Assert.Equal(3, again.ExitCode);
        Assert.StartsWith("MIPSEC3021: ", again.Error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_temp.File("certs/rec1.contoso.local.pfx")));
        var forced = await _cli.RunAsync("pki", "issue", "--ca", ca, "--host", "rec1.contoso.local", "--out", _temp.File("certs"), "--force");
        Assert.Equal(0, forced.ExitCode);
    }

    [Fact]
    public async Task Issue_with_the_cas_certificate_instead_of_its_pfx_is_one_coded_line_and_exit_3()
    {
        await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"));

        var result = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca/xprotect-certificate-authority.crt"), "--host", "rec1.contoso.local", "--out", _temp.File("certs"));

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("MIPSEC3020: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_temp.File("certs")));
    }

    [Fact]
    public async Task Private_key_files_are_mode_0600_and_public_files_are_not_restricted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"));
        await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca/xprotect-certificate-authority.pfx"), "--host", "rec1.contoso.local", "--out", _temp.File("certs"));

        var owner = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        Assert.Equal(owner, File.GetUnixFileMode(_temp.File("ca/xprotect-certificate-authority.pfx")));
        Assert.Equal(owner, File.GetUnixFileMode(_temp.File("certs/rec1.contoso.local.pfx")));
        Assert.True(File.GetUnixFileMode(_temp.File("certs/rec1.contoso.local.crt")).HasFlag(UnixFileMode.UserRead));
    }

    [Fact]
    public async Task A_server_pfx_without_a_password_gets_the_same_warning_as_the_cas()
    {
        var ca = await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"));
        var issue = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca/xprotect-certificate-authority.pfx"), "--host", "rec1.contoso.local", "--out", _temp.File("certs"));

        Assert.Equal(0, issue.ExitCode);
        Assert.Contains("warning: the CA's PFX has no password", ca.Error, StringComparison.Ordinal);
        Assert.Contains("warning: the server certificate's PFX has no password", issue.Error, StringComparison.Ordinal);
        Assert.Contains("--password-variable", issue.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public async Task Issue_refuses_a_lifetime_of_no_days(string days)
    {
        var result = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca.pfx"), "--host", "rec1.contoso.local", "--out", _temp.File("certs"), "--days", days);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--days must be between 1 and 36500", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_past_the_cas_expiry_ends_with_the_ca_and_says_so()
    {
        await _cli.RunAsync("pki", "create-ca", "--key-size", "2048", "--out", _temp.File("ca"), "--days", "100");

        var result = await _cli.RunAsync("pki", "issue", "--ca", _temp.File("ca/xprotect-certificate-authority.pfx"), "--host", "rec1.contoso.local", "--out", _temp.File("certs"), "--days", "365");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("warning: the CA expires on", result.Error, StringComparison.Ordinal);
        using var ca = CertificateLoader.LoadFile(_temp.File("ca/xprotect-certificate-authority.crt"));
        using var issued = CertificateLoader.LoadFile(_temp.File("certs/rec1.contoso.local.crt"));
        Assert.True(issued.Primary.NotAfter <= ca.Primary.NotAfter);
        Assert.True(issued.Primary.NotAfter > ca.Primary.NotAfter.AddDays(-1));
    }

    public void Dispose() => _temp.Dispose();
}
