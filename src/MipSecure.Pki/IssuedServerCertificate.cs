using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Pki;

/// <summary>A server certificate with its private key and the intermediate CA certificates a server presents with it.</summary>
public sealed class IssuedServerCertificate
{
    /// <summary>Creates the pair.</summary>
    /// <param name="certificate">The server certificate; it must have its private key.</param>
    /// <param name="intermediates">The intermediates from the issuer up to (excluding) the root.</param>
    public IssuedServerCertificate(X509Certificate2 certificate, IReadOnlyList<X509Certificate2>? intermediates = null)
    {
        Certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException($"The certificate '{certificate.Subject}' has no private key, so no server can present it.", nameof(certificate));
        }

        Intermediates = intermediates ?? Array.Empty<X509Certificate2>();
    }

    /// <summary>Gets the server certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the intermediate CA certificates the server sends with its certificate.</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; }
}
