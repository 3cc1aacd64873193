using System;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Site;

/// <summary>Proves that a certificate's private key is present and belongs to it: sign with the private key, verify with the certificate's public key.</summary>
internal static class PrivateKeyCheck
{
    private static readonly byte[] Probe = { 0x4D, 0x49, 0x50, 0x53, 0x45, 0x43, 0x2D, 0x6B, 0x65, 0x79 };

    public static bool HasMatchingPrivateKey(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            return false;
        }

        try
        {
            using (var rsa = certificate.GetRSAPrivateKey())
            {
                if (rsa is not null)
                {
                    using var publicKey = certificate.GetRSAPublicKey();
                    var signature = rsa.SignData(Probe, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    return publicKey is not null && publicKey.VerifyData(Probe, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                }
            }

            using (var ecdsa = certificate.GetECDsaPrivateKey())
            {
                if (ecdsa is not null)
                {
                    using var publicKey = certificate.GetECDsaPublicKey();
                    var signature = ecdsa.SignData(Probe, HashAlgorithmName.SHA256);
                    return publicKey is not null && publicKey.VerifyData(Probe, signature, HashAlgorithmName.SHA256);
                }
            }

            return false;
        }
        catch (CryptographicException)
        {
            // A key that cannot sign (no access, a broken key container) is as good as no key for the server.
            return false;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }
}
