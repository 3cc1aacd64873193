using System;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Tests.TestSupport;

/// <summary>
/// Issues certificates the test CA deliberately cannot: cross-signed CAs that share a key, issuers that are not CAs,
/// certificates without key identifiers, and name constraints.
/// </summary>
internal static class HandIssuer
{
    public static X509Certificate2 Issue(
        X509Certificate2 issuer,
        string subject,
        RSA subjectKey,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        bool isCertificateAuthority,
        bool withKeyIdentifiers = true,
        params X509Extension[] extensions)
    {
        var request = new CertificateRequest("CN=" + subject, subjectKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(isCertificateAuthority, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            isCertificateAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, critical: true));
        if (!isCertificateAuthority)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, critical: false));
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName(subject);
            request.CertificateExtensions.Add(names.Build());
        }

        if (withKeyIdentifiers)
        {
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        }

        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] = 0x42;
        using var issuerKey = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException("The issuer has no RSA private key.");
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(subjectKey);
    }

    /// <summary>Issues a server certificate signed with SHA-1, which .NET's own signature generators refuse to produce.</summary>
    public static X509Certificate2 IssueSha1Signed(X509Certificate2 issuer, string host, RSA subjectKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest("CN=" + host, subjectKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, critical: false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var issuerKey = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException("The issuer has no RSA private key.");
        return request.Create(issuer.SubjectName, new Sha1RsaSignatureGenerator(issuerKey), notBefore, notAfter, new byte[] { 0x51, 0x02, 0x03 });
    }

    /// <summary>A critical nameConstraints extension with DNS subtrees.</summary>
    public static X509Extension DnsNameConstraints(string[] permitted, string[] excluded, bool critical = true)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteSubtrees(writer, 0, permitted);
            WriteSubtrees(writer, 1, excluded);
        }

        return new X509Extension("2.5.29.30", writer.Encode(), critical);
    }

    private static void WriteSubtrees(AsnWriter writer, int tag, string[] names)
    {
        if (names.Length == 0)
        {
            return;
        }

        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tag, isConstructed: true)))
        {
            foreach (var name in names)
            {
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, name, new Asn1Tag(TagClass.ContextSpecific, 2));
                }
            }
        }
    }

    private sealed class Sha1RsaSignatureGenerator : X509SignatureGenerator
    {
        // sha1WithRSAEncryption (1.2.840.113549.1.1.5) with NULL parameters.
        private static readonly byte[] AlgorithmIdentifier = { 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00 };
        private readonly RSA _key;

        public Sha1RsaSignatureGenerator(RSA key) => _key = key;

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => AlgorithmIdentifier;

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => _key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => CreateForRSA(_key, RSASignaturePadding.Pkcs1).PublicKey;
    }
}
