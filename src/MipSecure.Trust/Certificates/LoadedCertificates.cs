using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Certificates;

/// <summary>The certificates read from one source, in the order the source holds them.</summary>
public sealed class LoadedCertificates : IDisposable
{
    internal LoadedCertificates(string source, CertificateFormat format, IReadOnlyList<X509Certificate2> certificates)
    {
        Source = source;
        Format = format;
        Certificates = certificates;
    }

    /// <summary>Gets the file path or store reference the certificates came from.</summary>
    public string Source { get; }

    /// <summary>Gets the encoding of the source.</summary>
    public CertificateFormat Format { get; }

    /// <summary>Gets the certificates; never empty.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>
    /// Gets the certificate the source is about: the one with a private key when a PFX holds one,
    /// otherwise the first that is not a CA, otherwise the first.
    /// </summary>
    public X509Certificate2 Primary =>
        Certificates.FirstOrDefault(c => c.HasPrivateKey)
        ?? Certificates.FirstOrDefault(c => !IsCertificateAuthority(c))
        ?? Certificates[0];

    /// <summary>Gets the certificates other than <see cref="Primary"/>, for example the intermediates of a chain file.</summary>
    public IReadOnlyList<X509Certificate2> Others => Certificates.Where(c => !ReferenceEquals(c, Primary)).ToList();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var certificate in Certificates)
        {
            certificate.Dispose();
        }
    }

    internal static bool IsCertificateAuthority(X509Certificate2 certificate) =>
        certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
}
