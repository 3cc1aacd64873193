using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Robustness.Tests.Differential;

/// <summary>
/// Builds the certificates of a <see cref="ChainSpec"/> with <see cref="CertificateRequest"/> and hand-encoded extensions.
/// Keys are generated once per role and kind and reused: key generation, not signing, is the slow part.
/// </summary>
internal sealed class ChainFactory : IDisposable
{
    private const string UnknownCriticalOid = "1.3.6.1.4.1.55555.99.1";

    private readonly Dictionary<(string Role, KeyChoice Kind), AsymmetricAlgorithm> _keys = new();
    private readonly Random _serials;

    public ChainFactory(int seed) => _serials = new Random(seed);

    public (X509Certificate2 Root, X509Certificate2? Intermediate, X509Certificate2 Leaf) Build(ChainSpec spec, DateTimeOffset at)
    {
        var rootKey = Key("root", spec.RootKey);
        var rootExtensions = new List<X509Extension>
        {
            new X509BasicConstraintsExtension(true, spec.RootPathLength.HasValue, spec.RootPathLength ?? 0, critical: true),
        };
        AddCaKeyUsage(rootExtensions, spec.RootKeyUsage);
        if (spec.ConstraintsOnRoot)
        {
            AddNameConstraints(rootExtensions, spec);
        }

        var rootName = new X500DistinguishedName("CN=Contoso Differential Root CA, O=Contoso");
        var root = Issue(rootName, rootKey, rootName, rootKey, issuer: null, "SHA256", at, spec.RootValidity, rootExtensions);

        var issuerCertificate = root;
        var issuerKey = rootKey;
        X509Certificate2? intermediate = null;
        if (spec.WithIntermediate)
        {
            var intermediateKey = Key("intermediate", spec.IntermediateKey);
            var extensions = new List<X509Extension>();
            switch (spec.IntermediateBasicConstraints)
            {
                case CaBasicConstraints.Ca:
                    extensions.Add(new X509BasicConstraintsExtension(true, spec.IntermediatePathLength.HasValue, spec.IntermediatePathLength ?? 0, critical: true));
                    break;
                case CaBasicConstraints.NotCa:
                    extensions.Add(new X509BasicConstraintsExtension(false, false, 0, critical: true));
                    break;
            }

            AddCaKeyUsage(extensions, spec.IntermediateKeyUsage);
            if (!spec.ConstraintsOnRoot)
            {
                AddNameConstraints(extensions, spec);
            }

            if (spec.IntermediatePolicies is { } policies)
            {
                extensions.Add(CertificatePolicies(policies));
            }

            if (spec.IntermediateRequireExplicitPolicy is { } require)
            {
                var writer = new AsnWriter(AsnEncodingRules.DER);
                using (writer.PushSequence())
                {
                    writer.WriteInteger(require, new Asn1Tag(TagClass.ContextSpecific, 0));
                }

                extensions.Add(new X509Extension("2.5.29.36", writer.Encode(), critical: true));
            }

            if (spec.IntermediateCriticalUnknownExtension)
            {
                extensions.Add(new X509Extension(UnknownCriticalOid, new byte[] { 0x05, 0x00 }, critical: true));
            }

            intermediate = Issue(new X500DistinguishedName("CN=Contoso Differential Issuing CA, O=Contoso"), intermediateKey, rootName, rootKey, root, "SHA256", at,
                spec.IntermediateValidity, extensions);
            issuerCertificate = intermediate;
            issuerKey = intermediateKey;
        }

        var leafKey = Key("leaf", spec.LeafKey);
        var leafExtensions = new List<X509Extension>
        {
            new X509BasicConstraintsExtension(spec.LeafIsCa, false, 0, critical: true),
        };
        var usage = X509KeyUsageFlags.DigitalSignature | (leafKey is RSA ? X509KeyUsageFlags.KeyEncipherment : 0) | (spec.LeafKeyCertSign ? X509KeyUsageFlags.KeyCertSign : 0);
        leafExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        var usages = spec.LeafUsage switch
        {
            LeafUsage.ServerAuth => new[] { "1.3.6.1.5.5.7.3.1" },
            LeafUsage.ClientAuthOnly => new[] { "1.3.6.1.5.5.7.3.2" },
            LeafUsage.AnyUsage => new[] { "2.5.29.37.0" },
            _ => null,
        };
        if (usages is not null)
        {
            var collection = new OidCollection();
            foreach (var oid in usages)
            {
                collection.Add(new Oid(oid));
            }

            leafExtensions.Add(new X509EnhancedKeyUsageExtension(collection, critical: false));
        }

        if (spec.LeafDnsNames.Count > 0 || spec.LeafEmail is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var name in spec.LeafDnsNames)
            {
                names.AddDnsName(name);
            }

            if (spec.LeafEmail is { } email)
            {
                names.AddEmailAddress(email);
            }

            leafExtensions.Add(names.Build());
        }

        if (spec.LeafPolicies is { } leafPolicies)
        {
            leafExtensions.Add(CertificatePolicies(leafPolicies));
        }

        if (spec.LeafCriticalUnknownExtension)
        {
            leafExtensions.Add(new X509Extension(UnknownCriticalOid, new byte[] { 0x05, 0x00 }, critical: true));
        }

        var leaf = Issue(new X500DistinguishedName("CN=" + spec.LeafCommonName + ", O=Contoso"), leafKey, issuerCertificate.SubjectName, issuerKey, issuerCertificate,
            spec.LeafHash, at, spec.LeafValidity, leafExtensions);
        return (root, intermediate, leaf);
    }

    public void Dispose()
    {
        foreach (var key in _keys.Values)
        {
            key.Dispose();
        }
    }

    private static void AddCaKeyUsage(List<X509Extension> extensions, CaKeyUsage usage)
    {
        switch (usage)
        {
            case CaKeyUsage.CertAndCrlSign:
                extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
                break;
            case CaKeyUsage.WithoutCertSign:
                extensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.CrlSign, critical: true));
                break;
        }
    }

    private static void AddNameConstraints(List<X509Extension> extensions, ChainSpec spec)
    {
        if (spec.PermittedDns.Length == 0 && spec.ExcludedDns.Length == 0)
        {
            return;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteSubtrees(writer, 0, spec.PermittedDns);
            WriteSubtrees(writer, 1, spec.ExcludedDns);
        }

        extensions.Add(new X509Extension("2.5.29.30", writer.Encode(), spec.ConstraintsCritical));
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

    private static X509Extension CertificatePolicies(string[] policies)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var policy in policies)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(policy);
                }
            }
        }

        return new X509Extension("2.5.29.32", writer.Encode(), critical: false);
    }

    private X509Certificate2 Issue(
        X500DistinguishedName subject,
        AsymmetricAlgorithm subjectKey,
        X500DistinguishedName issuerName,
        AsymmetricAlgorithm issuerKey,
        X509Certificate2? issuer,
        string hash,
        DateTimeOffset at,
        (int NotBefore, int NotAfter) validity,
        List<X509Extension> extensions)
    {
        var hashName = hash == "SHA384" ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;
        var request = new CertificateRequest(subject, new PublicKey(subjectKey), hashName);
        foreach (var extension in extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (issuer is not null)
        {
            request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        }

        X509SignatureGenerator generator = hash == "SHA1"
            ? new Sha1RsaGenerator((RSA)issuerKey)
            : issuerKey is RSA rsa ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa((ECDsa)issuerKey);
        var serial = new byte[16];
        _serials.NextBytes(serial);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x10);
        return request.Create(issuerName, generator, at.AddDays(validity.NotBefore), at.AddDays(validity.NotAfter), serial);
    }

    private AsymmetricAlgorithm Key(string role, KeyChoice kind)
    {
        if (!_keys.TryGetValue((role, kind), out var key))
        {
            key = kind switch
            {
                KeyChoice.Rsa2048 => RSA.Create(2048),
                KeyChoice.Rsa1024 => RSA.Create(1024),
                KeyChoice.P256 => ECDsa.Create(ECCurve.NamedCurves.nistP256),
                _ => ECDsa.Create(ECCurve.NamedCurves.nistP384),
            };
            _keys[(role, kind)] = key;
        }

        return key;
    }

    /// <summary>sha1WithRSAEncryption, which .NET's own generators refuse to produce.</summary>
    private sealed class Sha1RsaGenerator : X509SignatureGenerator
    {
        private static readonly byte[] AlgorithmIdentifier = { 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00 };
        private readonly RSA _key;

        public Sha1RsaGenerator(RSA key) => _key = key;

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => AlgorithmIdentifier;

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => _key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => new(_key);
    }
}
