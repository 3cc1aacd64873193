using System.Collections.Generic;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Certificates;

/// <summary>Opens PFX/PKCS#12 data. A failure on structurally sound data means the password is wrong.</summary>
internal static class Pkcs12Reader
{
    public static List<X509Certificate2> Read(byte[] data, string sourceName, string? password)
    {
        var collection = new X509Certificate2Collection();
        try
        {
#if NET
            collection.Import(data, password, X509KeyStorageFlags.EphemeralKeySet);
#else
            collection.Import(data, password, X509KeyStorageFlags.DefaultKeySet);
#endif
        }
        catch (CryptographicException ex)
        {
            // The password is deliberately absent from the message.
            var reason = password is null
                ? "the PFX file is protected by a password and none was given"
                : "the PFX file cannot be opened with the password given";
            throw new CertificateLoadException(
                MipSecCodes.PfxPasswordWrong, sourceName, reason,
                "Set the password in the environment variable the configuration names, or export the PFX again.", ex);
        }

        var certificates = new List<X509Certificate2>(collection.Count);
        foreach (var certificate in collection)
        {
            certificates.Add(certificate);
        }

        if (certificates.Count == 0)
        {
            throw new CertificateLoadException(
                MipSecCodes.NotACertificate, sourceName, "the PFX file holds no certificate",
                "Export the PFX again from the certificate manager with the certificate included.");
        }

        return certificates;
    }
}
