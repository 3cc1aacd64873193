using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Pki.Tests;

public sealed class CertificateAuthorityTests : IDisposable
{
    private readonly TempDirectory _temp = new("mipsecure-pki");

    [Fact]
    public void The_readme_example_issues_a_server_certificate_that_the_written_CA_file_trusts_for_both_names()
    {
        var caFile = _temp.File("contoso-xprotect-ca.crt");

        // The code of src/MipSecure.Pki/README.md, with the file in a temporary folder.
        using var ca = CertificateAuthority.CreateRoot("Contoso XProtect CA");
        using var server = ca.IssueServerCertificate("rec1.contoso.local", "rec1");
        File.WriteAllText(caFile, CertificateAuthority.ExportPem(ca.Certificate));

        using var anchors = CertificateLoader.LoadFile(caFile);
        var validator = new CertificateValidator(new TrustAnchorSet(anchors.Certificates));
        foreach (var host in new[] { "rec1.contoso.local", "rec1" })
        {
            var report = validator.Validate(server, null, host);
            Assert.True(report.IsTrusted, string.Join("\n", report.Findings.Select(f => f.ToString())));
            Assert.Empty(report.Findings);
        }

        Assert.Equal("CN=rec1.contoso.local", server.Subject);
        Assert.True(server.HasPrivateKey);
    }

    [Fact]
    public void Validity_is_measured_from_the_CAs_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 15, 8, 0, 0, TimeSpan.Zero));
        using var ca = CertificateAuthority.CreateRoot("Clocked CA", clock);

        using var server = ca.Issue(new CertificateSpec { CommonName = "rec1.contoso.local", DnsNames = ["rec1.contoso.local"], NotAfterOffset = TimeSpan.FromDays(30) });

        Assert.Equal(clock.GetUtcNow().AddDays(-1).UtcDateTime, server.NotBefore.ToUniversalTime(), TimeSpan.FromSeconds(1));
        Assert.Equal(clock.GetUtcNow().AddDays(30).UtcDateTime, server.NotAfter.ToUniversalTime(), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Opening_a_CA_certificate_without_its_private_key_names_the_file_to_open_instead()
    {
        using var ca = CertificateAuthority.CreateRoot("Contoso XProtect CA");
        using var publicOnly = X509CertificateLoader.LoadCertificate(ca.Certificate.RawData);

        var error = Assert.Throws<ArgumentException>(() => CertificateAuthority.Open(publicOnly));

        Assert.Contains("open the CA's PFX", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_opened_CA_issues_certificates_its_certificate_validates()
    {
        using var created = CertificateAuthority.CreateRoot("Contoso XProtect CA");
        using var withKey = X509CertificateLoader.LoadPkcs12(created.Certificate.Export(X509ContentType.Pkcs12), null);
        using var opened = CertificateAuthority.Open(withKey);

        using var server = opened.IssueServerCertificate("rec2.contoso.local");

        var report = new CertificateValidator(new TrustAnchorSet([created.Certificate])).Validate(server, null, "rec2.contoso.local");
        Assert.True(report.IsTrusted, string.Join("\n", report.Findings.Select(f => f.ToString())));
    }

    public void Dispose() => _temp.Dispose();
}
