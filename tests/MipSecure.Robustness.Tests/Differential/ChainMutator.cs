using System;
using System.Collections.Generic;
using System.Linq;

namespace MipSecure.Robustness.Tests.Differential;

/// <summary>Seeded mutations of a valid XProtect-style chain; each case applies one to three.</summary>
internal static class ChainMutator
{
    private const string SitePolicy = "1.3.6.1.4.1.55555.1.1";
    private const string OtherPolicy = "1.3.6.1.4.1.55555.1.2";

    private static readonly (string Name, Action<ChainSpec> Apply)[] Mutations =
    {
        ("leaf RSA 1024", s => s.LeafKey = KeyChoice.Rsa1024),
        ("leaf P-256", s => s.LeafKey = KeyChoice.P256),
        ("leaf P-384", s => s.LeafKey = KeyChoice.P384),
        ("intermediate P-256", s => s.IntermediateKey = KeyChoice.P256),
        ("root P-384", s => s.RootKey = KeyChoice.P384),
        ("leaf signed SHA-384", s => s.LeafHash = "SHA384"),
        ("leaf signed SHA-1", s => s.LeafHash = "SHA1"),
        ("no intermediate", s => s.WithIntermediate = false),
        ("other DNS SAN", s => s.LeafDnsNames = new List<string> { "rec2.contoso.local" }),
        ("wildcard DNS SAN", s => s.LeafDnsNames = new List<string> { "*.contoso.local" }),
        ("wildcard too deep", s => s.LeafDnsNames = new List<string> { "*.local" }),
        ("no SAN, host in CN", s => { s.LeafDnsNames = new List<string>(); s.LeafCommonName = ChainSpec.Host; }),
        ("no SAN, other CN", s => { s.LeafDnsNames = new List<string>(); s.LeafCommonName = "rec2.contoso.local"; }),
        ("only an e-mail SAN, host in CN", s => { s.LeafDnsNames = new List<string>(); s.LeafEmail = "video@contoso.local"; s.LeafCommonName = ChainSpec.Host; }),
        ("host in CN, other DNS SAN", s => { s.LeafDnsNames = new List<string> { "rec2.contoso.local" }; s.LeafCommonName = ChainSpec.Host; }),
        ("no EKU", s => s.LeafUsage = LeafUsage.None),
        ("clientAuth EKU only", s => s.LeafUsage = LeafUsage.ClientAuthOnly),
        ("anyExtendedKeyUsage", s => s.LeafUsage = LeafUsage.AnyUsage),
        ("leaf keyCertSign", s => s.LeafKeyCertSign = true),
        ("leaf is a CA", s => s.LeafIsCa = true),
        ("intermediate not a CA", s => s.IntermediateBasicConstraints = CaBasicConstraints.NotCa),
        ("intermediate without basic constraints", s => s.IntermediateBasicConstraints = CaBasicConstraints.Missing),
        ("intermediate without keyCertSign", s => s.IntermediateKeyUsage = CaKeyUsage.WithoutCertSign),
        ("intermediate without key usage", s => s.IntermediateKeyUsage = CaKeyUsage.Missing),
        ("root without key usage", s => s.RootKeyUsage = CaKeyUsage.Missing),
        ("root path length 0", s => s.RootPathLength = 0),
        ("intermediate path length 0", s => s.IntermediatePathLength = 0),
        ("leaf expired", s => s.LeafValidity = (-400, -5)),
        ("leaf not yet valid", s => s.LeafValidity = (5, 400)),
        ("intermediate expired", s => s.IntermediateValidity = (-900, -1)),
        ("root expired", s => s.RootValidity = (-3000, -2)),
        ("permitted DNS contoso.local", s => s.PermittedDns = new[] { "contoso.local" }),
        ("permitted DNS fabrikam.example", s => s.PermittedDns = new[] { "fabrikam.example" }),
        ("excluded DNS contoso.local", s => s.ExcludedDns = new[] { "contoso.local" }),
        ("excluded DNS rec2.contoso.local", s => s.ExcludedDns = new[] { "rec2.contoso.local" }),
        ("non-critical name constraints", s => s.ConstraintsCritical = false),
        ("name constraints on the root", s => s.ConstraintsOnRoot = true),
        ("requireExplicitPolicy 0", s => s.IntermediateRequireExplicitPolicy = 0),
        ("intermediate policy", s => s.IntermediatePolicies = new[] { SitePolicy }),
        ("intermediate anyPolicy", s => s.IntermediatePolicies = new[] { "2.5.29.32.0" }),
        ("leaf site policy", s => s.LeafPolicies = new[] { SitePolicy }),
        ("leaf other policy", s => s.LeafPolicies = new[] { OtherPolicy }),
        ("leaf critical unknown extension", s => s.LeafCriticalUnknownExtension = true),
        ("intermediate critical unknown extension", s => s.IntermediateCriticalUnknownExtension = true),
    };

    /// <summary>The shapes of known past defects, always generated first: the CN fallback under name constraints, policy constraints, SHA-1.</summary>
    public static readonly string[][] Regressions =
    {
        new[] { "no SAN, host in CN", "permitted DNS fabrikam.example" },
        new[] { "no SAN, host in CN", "excluded DNS contoso.local" },
        new[] { "no SAN, host in CN", "permitted DNS fabrikam.example", "name constraints on the root" },
        new[] { "no SAN, host in CN", "excluded DNS contoso.local", "non-critical name constraints" },
        new[] { "only an e-mail SAN, host in CN", "permitted DNS fabrikam.example" },
        new[] { "no SAN, host in CN", "permitted DNS contoso.local" },
        new[] { "requireExplicitPolicy 0" },
        new[] { "requireExplicitPolicy 0", "intermediate policy", "leaf site policy" },
        new[] { "requireExplicitPolicy 0", "intermediate policy", "leaf other policy" },
        new[] { "leaf signed SHA-1" },
    };

    public static int Count => Mutations.Length;

    public static ChainSpec Fixed(string[] names)
    {
        var spec = new ChainSpec();
        foreach (var name in names)
        {
            Mutations.Single(m => m.Name == name).Apply(spec);
            spec.Mutations.Add(name);
        }

        return spec;
    }

    public static ChainSpec Next(Random random)
    {
        var spec = new ChainSpec();
        var count = random.Next(100) switch
        {
            < 15 => 0,
            < 60 => 1,
            < 90 => 2,
            _ => 3,
        };
        for (var i = 0; i < count; i++)
        {
            var (name, apply) = Mutations[random.Next(Mutations.Length)];
            if (!spec.Mutations.Contains(name))
            {
                apply(spec);
                spec.Mutations.Add(name);
            }
        }

        // SHA-1 is signed by hand for RSA issuers only.
        if (spec.LeafHash == "SHA1" && (spec.WithIntermediate ? spec.IntermediateKey : spec.RootKey) != KeyChoice.Rsa2048)
        {
            spec.LeafHash = "SHA256";
            spec.Mutations.Remove("leaf signed SHA-1");
        }

        return spec;
    }
}
