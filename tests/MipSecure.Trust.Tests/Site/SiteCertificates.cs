using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Pki;

namespace MipSecure.Trust.Tests.Site;

/// <summary>
/// The certificates of the Contoso test site, issued once on a fake clock (key generation is the slow part)
/// and written as files into each test's own folder.
/// </summary>
internal sealed class SiteCertificates
{
    public static readonly DateTimeOffset Epoch = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    public const string MobilePassword = "mobile-pfx-Secret-7";

    private static readonly Lazy<SiteCertificates> Lazy = new(() => new SiteCertificates());
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    private SiteCertificates()
    {
        var clock = new FakeTimeProvider(Epoch);
        var root = CertificateAuthority.CreateRoot("Contoso Root CA", clock);
        var issuing = root.CreateIntermediate("Contoso Issuing CA");
        var fabrikam = CertificateAuthority.CreateRoot("Fabrikam Root CA", clock);
        var expiringRoot = CertificateAuthority.CreateRoot("Contoso Old Root CA", clock, new CertificateSpec { NotAfterOffset = TimeSpan.FromDays(10) });
        var expiredRoot = CertificateAuthority.CreateRoot("Contoso Retired Root CA", clock, new CertificateSpec { NotAfterOffset = TimeSpan.FromDays(-2) });

        Pem("root.crt", root.Certificate);
        Pem("other-root.crt", fabrikam.Certificate);
        Pem("expiring-root.crt", expiringRoot.Certificate);
        Pem("expired-root.crt", expiredRoot.Certificate);

        Chain("mgmt.crt", issuing, issuing.IssueServerCertificate("mgmt.contoso.local"));
        var rec1 = issuing.IssueServerCertificate("rec1.contoso.local", "rec1.contoso.com");
        Chain("rec1.crt", issuing, rec1);
        Chain("certs with spaces/recorder one.crt", issuing, rec1);
        Chain("rec1-local-only.crt", issuing, issuing.IssueServerCertificate("rec1.contoso.local"));
        Chain("rec2.crt", issuing, issuing.IssueServerCertificate("rec2.contoso.local"));
        Chain("fo1.crt", issuing, issuing.IssueServerCertificate("fo1.contoso.local"));
        Chain("events.crt", issuing, issuing.IssueServerCertificate("events.contoso.local"));
        Chain("events-on-mgmt.crt", issuing, issuing.IssueServerCertificate("mgmt.contoso.local"));
        Chain("expired.crt", issuing, issuing.Issue(new CertificateSpec
        {
            CommonName = "rec2.contoso.local",
            DnsNames = new[] { "rec2.contoso.local" },
            NotBeforeOffset = TimeSpan.FromDays(-400),
            NotAfterOffset = TimeSpan.FromDays(-5),
        }));
        Chain("no-eku.crt", issuing, issuing.Issue(new CertificateSpec
        {
            CommonName = "rec2.contoso.local",
            DnsNames = new[] { "rec2.contoso.local" },
            ExtendedKeyUsages = new[] { "1.3.6.1.5.5.7.3.2" },
        }));
        using var expiringIssuing = root.CreateIntermediate("Contoso Expiring Issuing CA", new CertificateSpec { NotAfterOffset = TimeSpan.FromDays(10) });
        Chain("rec2-expiring-issuer.crt", expiringIssuing, expiringIssuing.Issue(new CertificateSpec
        {
            CommonName = "rec2.contoso.local",
            DnsNames = new[] { "rec2.contoso.local" },
            NotAfterOffset = TimeSpan.FromDays(9),
        }));
        _files["events-direct.cer"] = root.IssueServerCertificate("events.contoso.local").RawData;
        Pem("rec1-fabrikam.crt", fabrikam.IssueServerCertificate("rec1.contoso.local", "rec1.contoso.com"));

        var mobile = issuing.IssueServerCertificate("mobile.contoso.local");
        _files["mobile.pfx"] = new X509Certificate2Collection { mobile, PublicOnly(issuing.Certificate) }.Export(X509ContentType.Pkcs12, MobilePassword)!;
        _files["mobile-nokey.pfx"] = new X509Certificate2Collection { PublicOnly(mobile), PublicOnly(issuing.Certificate) }.Export(X509ContentType.Pkcs12, MobilePassword)!;

        Root = root;
        Issuing = issuing;
        Clock = clock;
    }

    public static SiteCertificates Shared => Lazy.Value;

    public CertificateAuthority Root { get; }

    public CertificateAuthority Issuing { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Writes every certificate file under <c>certs/</c> in <paramref name="folder"/>.</summary>
    public void WriteTo(string folder)
    {
        foreach (var (name, bytes) in _files)
        {
            var path = Path.Combine(folder, "certs", name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    private void Pem(string name, X509Certificate2 certificate) =>
        _files[name] = Encoding.ASCII.GetBytes(CertificateAuthority.ExportPem(certificate));

    private void Chain(string name, CertificateAuthority issuer, X509Certificate2 leaf) =>
        _files[name] = Encoding.ASCII.GetBytes(CertificateAuthority.ExportPem(leaf) + CertificateAuthority.ExportPem(issuer.Certificate));

    private static X509Certificate2 PublicOnly(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadCertificate(certificate.RawData);
}
