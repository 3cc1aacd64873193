using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;

namespace MipSecure.Trust.Site;

/// <summary>The certificates a <see cref="CertificateReference"/> names, once read; <see cref="IsLoaded"/> is false when reading failed (a finding says why).</summary>
internal sealed class ResolvedCertificate
{
    private ResolvedCertificate(CertificateReference reference, IReadOnlyList<X509Certificate2> all, X509Certificate2? primary, IReadOnlyList<X509Certificate2> others, CertificateFormat? format, SiteFinding? failure = null)
    {
        Failure = failure;
        Reference = reference;
        All = all;
        Primary = primary;
        Others = others;
        Format = format;
    }

    public CertificateReference Reference { get; }

    public IReadOnlyList<X509Certificate2> All { get; }

    public X509Certificate2? Primary { get; }

    public IReadOnlyList<X509Certificate2> Others { get; }

    public CertificateFormat? Format { get; }

    public bool IsLoaded => Primary is not null;

    /// <summary>Gets the finding that says why the reference could not be read; <see langword="null"/> when it was read.</summary>
    public SiteFinding? Failure { get; }

    public static ResolvedCertificate Loaded(CertificateReference reference, LoadedCertificates loaded) =>
        new(reference, loaded.Certificates, loaded.Primary, loaded.Others, loaded.Format);

    public static ResolvedCertificate InMemory(CertificateReference reference, IReadOnlyList<X509Certificate2> certificates) =>
        new(reference, certificates, certificates[0], Skip(certificates), null);

    public static ResolvedCertificate Failed(CertificateReference reference, SiteFinding failure) =>
        new(reference, System.Array.Empty<X509Certificate2>(), null, System.Array.Empty<X509Certificate2>(), null, failure);

    private static X509Certificate2[] Skip(IReadOnlyList<X509Certificate2> certificates)
    {
        var rest = new X509Certificate2[certificates.Count - 1];
        for (var i = 1; i < certificates.Count; i++)
        {
            rest[i - 1] = certificates[i];
        }

        return rest;
    }
}
