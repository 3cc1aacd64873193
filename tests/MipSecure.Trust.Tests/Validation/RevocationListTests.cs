using System;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Pki;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>Offline revocation lists supplied by the user: revoked refused, stale warned, unusable lists refused, nothing fetched.</summary>
public sealed class RevocationListTests
{
    private const string Host = "rec1.contoso.local";

    [Fact]
    public void A_server_certificate_on_its_CAs_list_is_MIPSEC1018()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var crl = Crl(pki.Issuing.Certificate, pki.Clock.GetUtcNow(), revoked: leaf);

        var report = Validate(pki, leaf, crl);

        Assert.False(report.IsTrusted);
        Assert.Equal(MipSecCodes.RevocationFailed, report.FirstError!.Code);
        Assert.Contains("revoked", report.FirstError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_intermediate_on_the_roots_list_is_MIPSEC1018()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var crl = Crl(pki.Root.Certificate, pki.Clock.GetUtcNow(), revoked: pki.Issuing.Certificate);

        var report = Validate(pki, leaf, crl);

        var finding = Assert.Single(report.Findings, f => f.Code.Equals(MipSecCodes.RevocationFailed));
        Assert.Equal(pki.Issuing.Certificate.Thumbprint, finding.Certificate!.Thumbprint);
    }

    [Fact]
    public void A_certificate_not_on_the_list_is_trusted_without_findings()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var other = pki.Issuing.IssueServerCertificate("rec2.contoso.local");
        var crl = Crl(pki.Issuing.Certificate, pki.Clock.GetUtcNow(), revoked: other);

        var report = Validate(pki, leaf, crl);

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void A_list_past_its_next_update_is_MIPSEC1026_and_still_applied()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var other = pki.Issuing.IssueServerCertificate("rec2.contoso.local");
        var staleClean = Crl(pki.Issuing.Certificate, pki.Clock.GetUtcNow().AddDays(-20), revoked: other, nextUpdate: pki.Clock.GetUtcNow().AddDays(-13));
        var staleRevoking = Crl(pki.Issuing.Certificate, pki.Clock.GetUtcNow().AddDays(-20), revoked: leaf, nextUpdate: pki.Clock.GetUtcNow().AddDays(-13));

        var clean = Validate(pki, leaf, staleClean);
        var revoked = Validate(pki, leaf, staleRevoking);

        Assert.True(clean.IsTrusted, string.Join("\n", clean.Findings));
        Assert.True(clean.Has(MipSecCodes.RevocationListStale));
        Assert.True(revoked.Has(MipSecCodes.RevocationFailed));
    }

    [Fact]
    public void A_list_signed_by_another_key_under_the_CAs_name_is_MIPSEC1027()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        using var impostor = CertificateAuthority.CreateRoot("Contoso Issuing CA", pki.Clock);
        var forged = CrlBuilder(pki.Clock.GetUtcNow(), null).Build(pki.Issuing.Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(impostor.Certificate.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            BigInteger.One, pki.Clock.GetUtcNow().AddDays(7), HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(pki.Issuing.Certificate, true, false), pki.Clock.GetUtcNow());

        var report = Validate(pki, leaf, forged);

        Assert.False(report.IsTrusted);
        Assert.Equal(MipSecCodes.RevocationListUnusable, report.FirstError!.Code);
        Assert.Contains("signature", report.FirstError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_from_a_CA_not_allowed_to_sign_CRLs_is_MIPSEC1027()
    {
        using var pki = new TestPki();
        using var noCrlSign = pki.Root.CreateIntermediate("Contoso No-CRL CA", new CertificateSpec { KeyUsage = X509KeyUsageFlags.KeyCertSign });
        var leaf = noCrlSign.IssueServerCertificate(Host);
        var crl = CrlBuilder(pki.Clock.GetUtcNow(), null).Build(noCrlSign.Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(noCrlSign.Certificate.GetRSAPrivateKey()!, RSASignaturePadding.Pkcs1),
            BigInteger.One, pki.Clock.GetUtcNow().AddDays(7), HashAlgorithmName.SHA256, X509AuthorityKeyIdentifierExtension.CreateFromCertificate(noCrlSign.Certificate, true, false), pki.Clock.GetUtcNow());
        var validator = new CertificateValidator(new TrustAnchorSet(new[] { pki.Root.Certificate }),
            new CertificateValidationOptions { TimeProvider = pki.Clock, RevocationLists = new[] { CertificateRevocationList.FromBytes(crl, "no-crlsign.crl") } });

        var report = validator.Validate(leaf, noCrlSign.IntermediatesToRoot, Host);

        Assert.Equal(MipSecCodes.RevocationListUnusable, report.FirstError!.Code);
        Assert.Contains("cRLSign", report.FirstError.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_of_an_unrelated_CA_is_ignored()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        using var fabrikam = CertificateAuthority.CreateRoot("Fabrikam Root CA", pki.Clock);
        var crl = Crl(fabrikam.Certificate, pki.Clock.GetUtcNow(), revoked: leaf);

        var report = Validate(pki, leaf, crl);

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
    }

    [Fact]
    public void Pem_and_DER_files_load_and_bad_files_are_coded()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var der = Crl(pki.Issuing.Certificate, pki.Clock.GetUtcNow(), revoked: leaf);
        var folder = Directory.CreateTempSubdirectory("mipsecure-crl-");
        try
        {
            var derPath = Path.Combine(folder.FullName, "contoso.crl");
            var pemPath = Path.Combine(folder.FullName, "contoso.pem");
            var certPath = Path.Combine(folder.FullName, "not-a-crl.pem");
            File.WriteAllBytes(derPath, der);
            File.WriteAllText(pemPath, new string(PemEncoding.Write("X509 CRL", der)));
            File.WriteAllText(certPath, CertificateAuthority.ExportPem(leaf));

            Assert.Equal(1, CertificateRevocationList.Load(derPath).RevokedCount);
            Assert.Equal(1, CertificateRevocationList.Load(pemPath).RevokedCount);
            Assert.Equal(MipSecCodes.RevocationListFileNotFound, Assert.Throws<MipSecureException>(() => CertificateRevocationList.Load(Path.Combine(folder.FullName, "missing.crl"))).Code);
            var notACrl = Assert.Throws<MipSecureException>(() => CertificateRevocationList.Load(certPath));
            Assert.Equal(MipSecCodes.RevocationListMalformed, notACrl.Code);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(notACrl.Message, "MIPSEC3012"));
            Assert.Contains("not-a-crl.pem", notACrl.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static TrustReport Validate(TestPki pki, X509Certificate2 leaf, byte[] crl)
    {
        var validator = new CertificateValidator(new TrustAnchorSet(new[] { pki.Root.Certificate }),
            new CertificateValidationOptions { TimeProvider = pki.Clock, RevocationLists = new[] { CertificateRevocationList.FromBytes(crl, "contoso.crl") } });
        return validator.Validate(leaf, pki.Issuing.IntermediatesToRoot, Host);
    }

    private static CertificateRevocationListBuilder CrlBuilder(DateTimeOffset revokedAt, X509Certificate2? revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        if (revoked is not null)
        {
            builder.AddEntry(revoked, revokedAt, X509RevocationReason.KeyCompromise);
        }

        return builder;
    }

    private static byte[] Crl(X509Certificate2 issuer, DateTimeOffset thisUpdate, X509Certificate2 revoked, DateTimeOffset? nextUpdate = null) =>
        CrlBuilder(thisUpdate, revoked).Build(issuer, BigInteger.One, nextUpdate ?? thisUpdate.AddDays(7), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, thisUpdate);
}
