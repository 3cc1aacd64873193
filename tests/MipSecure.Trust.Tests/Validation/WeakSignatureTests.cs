using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>A genuine signature with a weak hash is reported for its hash (MIPSEC1010), never as a signature that does not verify (MIPSEC1015).</summary>
public sealed class WeakSignatureTests
{
    private const string Host = "rec1.contoso.local";

    [Theory]
    [InlineData(CertificateKeyKind.Rsa, WeakHash.Sha1)]
    [InlineData(CertificateKeyKind.Rsa, WeakHash.Sha224)]
    [InlineData(CertificateKeyKind.Ecdsa, WeakHash.Sha1)]
    [InlineData(CertificateKeyKind.Ecdsa, WeakHash.Sha224)]
    public void A_server_certificate_signed_with_a_weak_hash_is_MIPSEC1010_not_MIPSEC1015(CertificateKeyKind issuerKey, WeakHash hash)
    {
        using var pki = new TestPki();
        using var root = CertificateAuthority.CreateRoot("Contoso Root CA", pki.Clock, new CertificateSpec { KeyKind = issuerKey, KeySize = issuerKey == CertificateKeyKind.Ecdsa ? 256 : 2048 });
        using var key = RSA.Create(2048);
        using var leaf = WeakHashSigner.Issue(root.Certificate, ServerRequest(Host, key), hash, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(200));

        var report = Validator(root, pki).Validate(leaf, null, Host);

        AssertWeakNotForged(report, leaf);
    }

    [Theory]
    [InlineData(WeakHash.Sha1)]
    [InlineData(WeakHash.Sha224)]
    public void Every_intermediate_signed_with_a_weak_hash_is_MIPSEC1010(WeakHash hash)
    {
        using var pki = new TestPki();
        using var root = CertificateAuthority.CreateRoot("Contoso Root CA", pki.Clock);
        using var policyKey = RSA.Create(2048);
        using var policyCa = WeakHashSigner.Issue(root.Certificate, CaRequest("Contoso Policy CA", policyKey), hash, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(900))
            .CopyWithPrivateKey(policyKey);
        using var issuingKey = RSA.Create(2048);
        using var issuingCa = WeakHashSigner.Issue(policyCa, CaRequest("Contoso Issuing CA", issuingKey), hash, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(800))
            .CopyWithPrivateKey(issuingKey);
        using var leafKey = RSA.Create(2048);
        using var leaf = HandIssuer.Issue(issuingCa, Host, leafKey, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(200), isCertificateAuthority: false);

        var report = Validator(root, pki).Validate(leaf, new[] { issuingCa, policyCa }, Host);

        Assert.False(report.IsTrusted);
        Assert.False(report.Has(MipSecCodes.SignatureInvalid), string.Join("\n", report.Findings));
        var weak = report.Findings.Where(f => f.Code.Equals(MipSecCodes.WeakSignatureAlgorithm)).Select(f => f.Certificate!.Thumbprint).ToHashSet();
        Assert.True(weak.SetEquals(new[] { policyCa.Thumbprint, issuingCa.Thumbprint }), string.Join("\n", report.Findings));
    }

    [Theory]
    [InlineData(WeakHash.Sha1)]
    [InlineData(WeakHash.Sha224)]
    public void A_weak_hash_signature_that_was_altered_is_still_MIPSEC1015(WeakHash hash)
    {
        using var pki = new TestPki();
        using var root = CertificateAuthority.CreateRoot("Contoso Root CA", pki.Clock);
        using var key = RSA.Create(2048);
        using var genuine = WeakHashSigner.Issue(root.Certificate, ServerRequest(Host, key), hash, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(200));
        var raw = genuine.RawData;
        raw[raw.Length - 5] ^= 0x01;
        using var altered = X509CertificateLoader.LoadCertificate(raw);

        var report = Validator(root, pki).Validate(altered, null, Host);

        Assert.True(report.Has(MipSecCodes.SignatureInvalid), string.Join("\n", report.Findings));
    }

    [Theory]
    [InlineData("", "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f")]
    [InlineData("abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525")]
    public void SHA224_matches_the_FIPS_180_examples(string message, string digest)
    {
        Assert.Equal(digest, Convert.ToHexString(Sha224.Hash(Encoding.ASCII.GetBytes(message))).ToLowerInvariant());
    }

    private static CertificateValidator Validator(CertificateAuthority root, TestPki pki) =>
        new(new TrustAnchorSet(new[] { root.Certificate }), new CertificateValidationOptions { TimeProvider = pki.Clock });

    private static CertificateRequest ServerRequest(string host, RSA key)
    {
        var request = new CertificateRequest("CN=" + host, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        return request;
    }

    private static CertificateRequest CaRequest(string name, RSA key)
    {
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        return request;
    }

    private static void AssertWeakNotForged(TrustReport report, X509Certificate2 leaf)
    {
        Assert.False(report.IsTrusted);
        Assert.False(report.Has(MipSecCodes.SignatureInvalid), string.Join("\n", report.Findings));
        var weak = report.Findings.FirstOrDefault(f => f.Code.Equals(MipSecCodes.WeakSignatureAlgorithm));
        Assert.True(weak is not null, string.Join("\n", report.Findings));
        Assert.Equal(leaf.Thumbprint, weak!.Certificate!.Thumbprint);
    }
}
