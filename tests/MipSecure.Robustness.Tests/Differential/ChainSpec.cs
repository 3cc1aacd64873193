using System.Collections.Generic;

namespace MipSecure.Robustness.Tests.Differential;

internal enum KeyChoice
{
    Rsa2048,
    Rsa1024,
    P256,
    P384,
}

internal enum LeafUsage
{
    ServerAuth,
    None,
    ClientAuthOnly,
    AnyUsage,
}

internal enum CaBasicConstraints
{
    Ca,
    NotCa,
    Missing,
}

internal enum CaKeyUsage
{
    CertAndCrlSign,
    WithoutCertSign,
    Missing,
}

/// <summary>One generated chain: root, an optional intermediate and a server certificate, each field a thing a mutation changes.</summary>
internal sealed record ChainSpec
{
    public const string Host = "rec1.contoso.local";

    public List<string> Mutations { get; } = new();

    public KeyChoice RootKey { get; set; } = KeyChoice.Rsa2048;

    public KeyChoice IntermediateKey { get; set; } = KeyChoice.Rsa2048;

    public KeyChoice LeafKey { get; set; } = KeyChoice.Rsa2048;

    public bool WithIntermediate { get; set; } = true;

    /// <summary>The hash the leaf is signed with: "SHA256", "SHA384" or "SHA1" (RSA issuers only).</summary>
    public string LeafHash { get; set; } = "SHA256";

    public string LeafCommonName { get; set; } = "Recorder 1";

    public List<string> LeafDnsNames { get; set; } = new() { Host };

    public string? LeafEmail { get; set; }

    public LeafUsage LeafUsage { get; set; } = LeafUsage.ServerAuth;

    public bool LeafKeyCertSign { get; set; }

    public bool LeafIsCa { get; set; }

    public CaBasicConstraints IntermediateBasicConstraints { get; set; } = CaBasicConstraints.Ca;

    public int? IntermediatePathLength { get; set; }

    public int? RootPathLength { get; set; }

    public CaKeyUsage IntermediateKeyUsage { get; set; } = CaKeyUsage.CertAndCrlSign;

    public CaKeyUsage RootKeyUsage { get; set; } = CaKeyUsage.CertAndCrlSign;

    /// <summary>Days relative to the validation time: notBefore and notAfter of each certificate.</summary>
    public (int NotBefore, int NotAfter) LeafValidity { get; set; } = (-10, 300);

    public (int NotBefore, int NotAfter) IntermediateValidity { get; set; } = (-100, 1000);

    public (int NotBefore, int NotAfter) RootValidity { get; set; } = (-1000, 3000);

    public string[] PermittedDns { get; set; } = System.Array.Empty<string>();

    public string[] ExcludedDns { get; set; } = System.Array.Empty<string>();

    public bool ConstraintsCritical { get; set; } = true;

    /// <summary>Whether the name constraints sit on the root instead of the intermediate.</summary>
    public bool ConstraintsOnRoot { get; set; }

    public int? IntermediateRequireExplicitPolicy { get; set; }

    public string[]? IntermediatePolicies { get; set; }

    public string[]? LeafPolicies { get; set; }

    public bool LeafCriticalUnknownExtension { get; set; }

    public bool IntermediateCriticalUnknownExtension { get; set; }

    public override string ToString() => Mutations.Count == 0 ? "(valid chain)" : string.Join(" + ", Mutations);
}
