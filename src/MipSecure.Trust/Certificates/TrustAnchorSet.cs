using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Certificates;

/// <summary>
/// The CA certificates a party has installed and trusts. An anchor may be an intermediate CA:
/// customers often install their issuing CA rather than the root, and a chain that reaches it is trusted.
/// </summary>
public sealed class TrustAnchorSet
{
    private readonly X509Certificate2[] _anchors;

    /// <summary>Creates a set from certificates already loaded.</summary>
    /// <param name="anchors">The trusted CA certificates.</param>
    public TrustAnchorSet(IEnumerable<X509Certificate2> anchors)
    {
        if (anchors is null)
        {
            throw new ArgumentNullException(nameof(anchors));
        }

        // Duplicates (the same CA in two files) are harmless; keep one of each.
        _anchors = anchors
            .GroupBy(a => a.Thumbprint, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToArray();
        Fingerprint = string.Join(",", _anchors.Select(a => a.Thumbprint).OrderBy(t => t, StringComparer.Ordinal));
    }

    /// <summary>Gets the trusted CA certificates.</summary>
    public IReadOnlyList<X509Certificate2> Certificates => _anchors;

    /// <summary>Gets a value identifying this set of anchors, for caches keyed by the anchor set.</summary>
    public string Fingerprint { get; }

    /// <summary>Gets whether the set holds no anchor.</summary>
    public bool IsEmpty => _anchors.Length == 0;

    /// <summary>Reads every certificate in each file (PEM bundles included) as an anchor.</summary>
    /// <param name="paths">The CA certificate files.</param>
    /// <returns>The set.</returns>
    /// <exception cref="CertificateLoadException">
    /// A file cannot be read, with one coded line: missing or a folder (MIPSEC3001), an empty path (MIPSEC3001), not a
    /// certificate or a broken PEM (MIPSEC3xxx). Nothing is skipped.
    /// </exception>
    public static TrustAnchorSet FromFiles(IEnumerable<string> paths)
    {
        if (paths is null)
        {
            throw new ArgumentNullException(nameof(paths));
        }

        var certificates = new List<X509Certificate2>();
        foreach (var path in paths)
        {
            if (string.IsNullOrWhiteSpace(path))
            {
                // An empty entry (an unset variable, a stray comma) names no CA; it is refused, not skipped.
                throw new CertificateLoadException(
                    MipSecCodes.CertificateFileNotFound, "(empty)", "no file is named: the CA certificate path is empty",
                    "Name the CA certificate file (PEM, DER or a PEM bundle), or remove the empty entry.");
            }

            certificates.AddRange(CertificateLoader.LoadFile(path).Certificates);
        }

        return new TrustAnchorSet(certificates);
    }

    /// <summary>Reads the anchors from an operating-system store, for example the machine's Trusted Root store on Windows.</summary>
    /// <param name="storeName">The store.</param>
    /// <param name="storeLocation">The store location.</param>
    /// <returns>The set.</returns>
    public static TrustAnchorSet FromStore(StoreName storeName, StoreLocation storeLocation)
    {
        using var store = new X509Store(storeName, storeLocation);
        store.Open(OpenFlags.ReadOnly);
        return new TrustAnchorSet(store.Certificates.Cast<X509Certificate2>());
    }

    /// <summary>Gets whether <paramref name="certificate"/> is one of the anchors (same encoded bytes).</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns><see langword="true"/> when it is an anchor.</returns>
    public bool Contains(X509Certificate2 certificate)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        var raw = certificate.RawData;
        return _anchors.Any(a => a.RawData.AsSpan().SequenceEqual(raw));
    }
}
