using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Pki;

/// <summary>Turns a <see cref="CertificateProfile"/> into a <see cref="CertificateSpec"/> and issues it.</summary>
public static class CertificateProfiles
{
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Describes the certificate <paramref name="profile"/> gives a server reached as <paramref name="hostNames"/>.</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="hostNames">The names the server is reached by; the first is the common name.</param>
    /// <returns>The certificate's details.</returns>
    public static CertificateSpec ToSpec(CertificateProfile profile, IReadOnlyList<string> hostNames)
    {
        if (hostNames is null || hostNames.Count == 0)
        {
            throw new ArgumentException("At least one host name is needed.", nameof(hostNames));
        }

        var valid = new CertificateSpec { CommonName = hostNames[0], DnsNames = hostNames.ToArray() };
        return profile switch
        {
            CertificateProfile.Valid or CertificateProfile.UntrustedCa or CertificateProfile.SelfSigned => valid,
            CertificateProfile.Expired => valid with { NotBeforeOffset = TimeSpan.FromDays(-366), NotAfterOffset = TimeSpan.FromDays(-1) },
            CertificateProfile.ExpiringSoon => valid with { NotAfterOffset = TimeSpan.FromDays(10) },
            CertificateProfile.NotYetValid => valid with { NotBeforeOffset = TimeSpan.FromDays(1), NotAfterOffset = TimeSpan.FromDays(366) },
            CertificateProfile.WrongHost => valid with { CommonName = "other-host.invalid", DnsNames = new[] { "other-host.invalid" } },
            CertificateProfile.MissingServerAuthEku => valid with { ExtendedKeyUsages = new[] { ClientAuthenticationOid } },
            CertificateProfile.WeakRsaKey => valid with { KeySize = 1024 },
            CertificateProfile.CommonNameOnly => valid with { DnsNames = Array.Empty<string>() },
            _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unknown certificate profile."),
        };
    }

    private static X509Certificate2 IssueFrom(CertificateAuthority ca, CertificateSpec spec, RSA? sharedKey) =>
        sharedKey is null ? ca.Issue(spec) : ca.Issue(spec, sharedKey);

    /// <summary>Issues the certificate <paramref name="profile"/> describes.</summary>
    /// <param name="trustedCa">The CA clients trust; it issues every profile except <see cref="CertificateProfile.UntrustedCa"/> and <see cref="CertificateProfile.SelfSigned"/>.</param>
    /// <param name="untrustedCa">The CA that issues <see cref="CertificateProfile.UntrustedCa"/>, which clients must not trust; needed for that profile only.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="hostNames">The names the server is reached by; the first is the common name.</param>
    /// <param name="timeProvider">The clock for self-signed certificates; the CAs have their own.</param>
    /// <param name="sharedKey">An RSA 2048 key pair to reuse instead of generating one (ignored by <see cref="CertificateProfile.WeakRsaKey"/> and <see cref="CertificateProfile.SelfSigned"/>); the caller then owns and disposes the certificate.</param>
    /// <returns>The certificate with its private key, and the intermediates a server sends with it.</returns>
    public static IssuedServerCertificate Issue(
        CertificateAuthority trustedCa,
        CertificateAuthority? untrustedCa,
        CertificateProfile profile,
        IReadOnlyList<string> hostNames,
        TimeProvider? timeProvider = null,
        RSA? sharedKey = null)
    {
        if (trustedCa is null)
        {
            throw new ArgumentNullException(nameof(trustedCa));
        }

        if (untrustedCa is null && profile == CertificateProfile.UntrustedCa)
        {
            throw new ArgumentNullException(nameof(untrustedCa), "The UntrustedCa profile needs a CA that clients do not trust.");
        }

        var spec = ToSpec(profile, hostNames);
        return profile switch
        {
            CertificateProfile.SelfSigned => new IssuedServerCertificate(CertificateAuthority.CreateSelfSigned(spec, timeProvider), Array.Empty<X509Certificate2>()),
            CertificateProfile.UntrustedCa => new IssuedServerCertificate(IssueFrom(untrustedCa!, spec, sharedKey), untrustedCa!.IntermediatesToRoot),
            CertificateProfile.WeakRsaKey => new IssuedServerCertificate(trustedCa.Issue(spec), trustedCa.IntermediatesToRoot),
            _ => new IssuedServerCertificate(IssueFrom(trustedCa, spec, sharedKey), trustedCa.IntermediatesToRoot),
        };
    }
}
