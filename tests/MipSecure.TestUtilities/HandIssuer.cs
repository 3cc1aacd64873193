using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.TestUtilities;

/// <summary>
/// Issues certificates a certificate authority deliberately cannot: cross-signed CAs that share a key, issuers that are not
/// CAs, certificates without key identifiers, SHA-1 signatures and name constraints (policies: <see cref="PolicyExtensions"/>). The validator tests and the
/// differential chains both build their certificates here.
/// </summary>
public static class HandIssuer
{
    /// <summary>id-kp-serverAuth.</summary>
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";

    /// <summary>An RSA certificate named <paramref name="subject"/>, a CA or a server of that host name, with its private key.</summary>
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
        var all = new List<X509Extension>
        {
            new X509BasicConstraintsExtension(isCertificateAuthority, false, 0, critical: true),
            new X509KeyUsageExtension(
                isCertificateAuthority ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign : X509KeyUsageFlags.DigitalSignature, critical: true),
        };
        if (!isCertificateAuthority)
        {
            all.Add(ServerUsage());
            all.Add(DnsNames(subject));
        }

        all.AddRange(extensions);
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] = 0x42;
        using var issuerKey = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException("The issuer has no RSA private key.");
        using var issued = Sign(
            new X500DistinguishedName("CN=" + subject), subjectKey, issuer.SubjectName, issuerKey, HashAlgorithmName.SHA256, notBefore, notAfter, serial, all,
            subjectKeyIdentifier: withKeyIdentifiers, authorityKeyIdentifierFrom: withKeyIdentifiers ? issuer : null);
        return issued.CopyWithPrivateKey(subjectKey);
    }

    /// <summary>Issues a server certificate signed with SHA-1, which .NET's own signature generators refuse to produce.</summary>
    public static X509Certificate2 IssueSha1Signed(X509Certificate2 issuer, string host, RSA subjectKey, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var extensions = new List<X509Extension> { new X509BasicConstraintsExtension(false, false, 0, critical: true), ServerUsage(), DnsNames(host) };
        using var issuerKey = issuer.GetRSAPrivateKey() ?? throw new InvalidOperationException("The issuer has no RSA private key.");
        return Sign(
            new X500DistinguishedName("CN=" + host), subjectKey, issuer.SubjectName, issuerKey, HashAlgorithmName.SHA1, notBefore, notAfter, new byte[] { 0x51, 0x02, 0x03 },
            extensions, subjectKeyIdentifier: false, authorityKeyIdentifierFrom: issuer);
    }

    /// <summary>
    /// Signs a certificate of <paramref name="subjectKey"/> (RSA or ECDSA) with <paramref name="issuerKey"/>; SHA-1 signs with
    /// sha1WithRSAEncryption. The certificate carries no private key.
    /// </summary>
    public static X509Certificate2 Sign(
        X500DistinguishedName subject,
        AsymmetricAlgorithm subjectKey,
        X500DistinguishedName issuerName,
        AsymmetricAlgorithm issuerKey,
        HashAlgorithmName hash,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter,
        byte[] serial,
        IEnumerable<X509Extension> extensions,
        bool subjectKeyIdentifier = true,
        X509Certificate2? authorityKeyIdentifierFrom = null)
    {
        var request = new CertificateRequest(subject, new PublicKey(subjectKey), hash == HashAlgorithmName.SHA1 ? HashAlgorithmName.SHA256 : hash);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        if (subjectKeyIdentifier)
        {
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        }

        if (authorityKeyIdentifierFrom is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authorityKeyIdentifierFrom, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        }

        X509SignatureGenerator generator = hash == HashAlgorithmName.SHA1
            ? new Sha1RsaSignatureGenerator((RSA)issuerKey)
            : issuerKey is RSA rsa ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa((ECDsa)issuerKey);
        return request.Create(issuerName, generator, notBefore, notAfter, serial);
    }

    /// <summary>A nameConstraints extension with DNS subtrees, critical unless told.</summary>
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

    private static X509EnhancedKeyUsageExtension ServerUsage() => new(new OidCollection { new Oid(ServerAuthentication) }, critical: false);

    private static X509Extension DnsNames(string host)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        return names.Build();
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

        protected override PublicKey BuildPublicKey() => new(_key);
    }
}
