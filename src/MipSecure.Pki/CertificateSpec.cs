using System;
using System.Collections.Generic;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Pki;

/// <summary>
/// Everything about a certificate a <see cref="CertificateAuthority"/> issues. The defaults give a valid XProtect server certificate;
/// change one property to get a broken one (expired, wrong host, no EKU, weak key, SHA-1, CA as leaf...).
/// </summary>
public sealed record CertificateSpec
{
    /// <summary>Gets the subject common name.</summary>
    /// <value>The default value is "server.mipsecure.test".</value>
    public string CommonName { get; init; } = "server.mipsecure.test";

    /// <summary>Gets the DNS subject alternative names. Empty means no DNS SAN.</summary>
    /// <value>The default value is empty; <see cref="CertificateAuthority.IssueServerCertificate(string, string[])"/> fills it.</value>
    public IReadOnlyList<string> DnsNames { get; init; } = Array.Empty<string>();

    /// <summary>Gets the IP address subject alternative names.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<IPAddress> IPAddresses { get; init; } = Array.Empty<IPAddress>();

    /// <summary>Gets the extended key usage OIDs; <see langword="null"/> means serverAuth, empty means no EKU extension.</summary>
    /// <value>The default value is <see langword="null"/> (serverAuth).</value>
    public IReadOnlyList<string>? ExtendedKeyUsages { get; init; }

    /// <summary>Gets the key kind.</summary>
    /// <value>The default value is <see cref="CertificateKeyKind.Rsa"/>.</value>
    public CertificateKeyKind KeyKind { get; init; } = CertificateKeyKind.Rsa;

    /// <summary>Gets the key size in bits (RSA) or the curve size (ECDSA).</summary>
    /// <value>The default value is 2048.</value>
    public int KeySize { get; init; } = 2048;

    /// <summary>Gets the hash algorithm of the issuer's signature.</summary>
    /// <value>The default value is SHA-256.</value>
    public HashAlgorithmName SignatureHash { get; init; } = HashAlgorithmName.SHA256;

    /// <summary>Gets the start of validity relative to the CA's clock; negative is in the past.</summary>
    /// <value>The default value is one day ago.</value>
    public TimeSpan NotBeforeOffset { get; init; } = TimeSpan.FromDays(-1);

    /// <summary>Gets the end of validity relative to the CA's clock; negative gives an expired certificate.</summary>
    /// <value>The default value is 365 days ahead.</value>
    public TimeSpan NotAfterOffset { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Gets whether the certificate is a CA (basic constraints CA=true).</summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IsCertificateAuthority { get; init; }

    /// <summary>Gets the path length constraint of a CA certificate; <see langword="null"/> for none.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? PathLengthConstraint { get; init; }

    /// <summary>Gets the key usage; <see langword="null"/> picks the usual one for a CA or a TLS server.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public X509KeyUsageFlags? KeyUsage { get; init; }

    /// <summary>Gets extra extensions, for example name constraints.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<X509Extension> ExtraExtensions { get; init; } = Array.Empty<X509Extension>();
}
