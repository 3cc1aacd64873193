using System;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MipSecure.TestUtilities;

namespace MipSecure.Robustness.Tests.Differential;

/// <summary>
/// Builds the certificates of a <see cref="ChainSpec"/> with <see cref="HandIssuer"/>.
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
                extensions.Add(PolicyExtensions.CertificatePolicies(policies));
            }

            if (spec.IntermediateRequireExplicitPolicy is { } require)
            {
                extensions.Add(PolicyExtensions.PolicyConstraints(require, inhibitPolicyMapping: null));
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
            LeafUsage.ServerAuth => new[] { HandIssuer.ServerAuthentication },
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
            leafExtensions.Add(PolicyExtensions.CertificatePolicies(leafPolicies));
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
        if (spec.PermittedDns.Length > 0 || spec.ExcludedDns.Length > 0)
        {
            extensions.Add(HandIssuer.DnsNameConstraints(spec.PermittedDns, spec.ExcludedDns, spec.ConstraintsCritical));
        }
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
        var serial = new byte[16];
        _serials.NextBytes(serial);
        serial[0] = (byte)((serial[0] & 0x3F) | 0x10);
        return HandIssuer.Sign(
            subject, subjectKey, issuerName, issuerKey, new HashAlgorithmName(hash), at.AddDays(validity.NotBefore), at.AddDays(validity.NotAfter), serial, extensions,
            authorityKeyIdentifierFrom: issuer);
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
}
