using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Certificates;

/// <summary>
/// Reads certificates from PEM (one or a bundle), DER and PFX/PKCS#12 files, and from Windows certificate stores.
/// Every failure is a <see cref="CertificateLoadException"/> with a MIPSEC3xxx code; nothing else escapes.
/// </summary>
public static class CertificateLoader
{
    /// <summary>The largest certificate file read: 4 MiB, well above a full public CA bundle.</summary>
    internal const long MaxFileBytes = 4 * 1024 * 1024;

    private const string PemBegin = "-----BEGIN ";

    /// <summary>Reads every certificate in the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file, relative to the current directory or absolute.</param>
    /// <param name="password">The PFX password, when the file is a password-protected PFX. Never logged.</param>
    /// <returns>The certificates, never empty.</returns>
    /// <exception cref="CertificateLoadException">The file is missing, unreadable, empty, too large or not a certificate.</exception>
    public static LoadedCertificates LoadFile(string path, string? password = null)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        var data = ReadBounded(path);
        return LoadBytes(data, path, password);
    }

    /// <summary>Reads every certificate in <paramref name="data"/>.</summary>
    /// <param name="data">The PEM, DER or PFX bytes.</param>
    /// <param name="sourceName">The name of the source, used in error messages.</param>
    /// <param name="password">The PFX password, when the data is a password-protected PFX.</param>
    /// <returns>The certificates, never empty.</returns>
    /// <exception cref="CertificateLoadException">The data is empty, too large or not a certificate.</exception>
    public static LoadedCertificates LoadBytes(byte[] data, string sourceName, string? password = null)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        sourceName ??= "(bytes)";
        if (data.Length == 0)
        {
            throw new CertificateLoadException(
                MipSecCodes.CertificateFileEmpty, sourceName, "the file is empty",
                "Export the certificate again (PEM, DER or PFX) and replace the file.");
        }

        if (data.Length > MaxFileBytes)
        {
            throw TooLarge(sourceName, data.Length);
        }

        if (LooksLikePem(data))
        {
            return new LoadedCertificates(sourceName, CertificateFormat.Pem, PemCertificateReader.Read(data, sourceName));
        }

        return ReadBinary(data, sourceName, password);
    }

    /// <summary>Reads the certificate with <paramref name="thumbprint"/> from a Windows certificate store.</summary>
    /// <param name="thumbprint">The SHA-1 thumbprint; spaces and colons are ignored.</param>
    /// <param name="storeName">The store, for example <see cref="StoreName.My"/>.</param>
    /// <param name="storeLocation">The store location, for example <see cref="StoreLocation.LocalMachine"/>.</param>
    /// <returns>The certificate.</returns>
    /// <exception cref="CertificateLoadException">The store is not available on this platform or holds no such certificate.</exception>
    public static LoadedCertificates LoadFromStore(string thumbprint, StoreName storeName, StoreLocation storeLocation)
    {
        if (thumbprint is null)
        {
            throw new ArgumentNullException(nameof(thumbprint));
        }

        var normalized = NormalizeThumbprint(thumbprint);
        var reference = $"{storeLocation}/{storeName}/{normalized}";
        try
        {
            using var store = new X509Store(storeName, storeLocation);
            store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, normalized, validOnly: false);
            if (found.Count == 0)
            {
                throw new CertificateLoadException(
                    MipSecCodes.CertificateNotInStore, reference, "no certificate with this thumbprint is in the store",
                    "Check the thumbprint in the certificate manager (certlm.msc) and the store name and location.");
            }

            return new LoadedCertificates(reference, CertificateFormat.Store, new[] { found[0] });
        }
        catch (CryptographicException ex)
        {
            throw StoreUnavailable(reference, ex);
        }
        catch (PlatformNotSupportedException ex)
        {
            throw StoreUnavailable(reference, ex);
        }
    }

    private static CertificateLoadException StoreUnavailable(string reference, Exception ex) =>
        new(MipSecCodes.CertificateStoreUnavailable, reference, "the certificate store cannot be opened on this machine",
            "Use a PEM, DER or PFX file instead, or run on Windows where the store exists.", ex);

    private static string NormalizeThumbprint(string thumbprint)
    {
        var builder = new StringBuilder(thumbprint.Length);
        foreach (var c in thumbprint)
        {
            if (Uri.IsHexDigit(c))
            {
                builder.Append(char.ToUpperInvariant(c));
            }
        }

        return builder.ToString();
    }

    private static byte[] ReadBounded(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                var reason = Directory.Exists(path) ? "it is a folder, not a file" : $"the file does not exist (looked for '{info.FullName}')";
                throw new CertificateLoadException(
                    MipSecCodes.CertificateFileNotFound, path, reason,
                    "Check the path; relative paths are resolved from the folder of the file that names them.");
            }

            if (info.Length > MaxFileBytes)
            {
                throw TooLarge(path, info.Length);
            }

            return File.ReadAllBytes(info.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CertificateLoadException(
                MipSecCodes.CertificateFileUnreadable, path, $"the file cannot be read ({ex.GetType().Name})",
                "Check that the file exists, is not locked by another program and that this account may read it.", ex);
        }
    }

    private static CertificateLoadException TooLarge(string source, long length) =>
        new(MipSecCodes.CertificateFileTooLarge, source,
            $"the file is {length:N0} bytes, more than the {MaxFileBytes:N0} bytes a certificate file can need",
            "Point to the certificate file itself, not an archive, a log or a disk image.");

    private static bool LooksLikePem(byte[] data)
    {
        // PEM may start with a BOM, blank lines or explanatory text before the first BEGIN line.
        var probeLength = Math.Min(data.Length, 64 * 1024);
        var text = Encoding.ASCII.GetString(data, 0, probeLength);
        return text.IndexOf(PemBegin, StringComparison.Ordinal) >= 0;
    }

    private static LoadedCertificates ReadBinary(byte[] data, string sourceName, string? password)
    {
        var shape = DerShape.Classify(data);
        switch (shape)
        {
            case DerShapeKind.Certificate:
                return new LoadedCertificates(sourceName, CertificateFormat.Der, new[] { CreateCertificate(data, sourceName) });
            case DerShapeKind.Pkcs12:
                return new LoadedCertificates(sourceName, CertificateFormat.Pkcs12, Pkcs12Reader.Read(data, sourceName, password));
            case DerShapeKind.Truncated:
                throw new CertificateLoadException(
                    MipSecCodes.CertificateCorrupt, sourceName, "the file is truncated: its encoding announces more bytes than it holds",
                    "Copy or export the certificate again; the file was cut short.");
            default:
                throw new CertificateLoadException(
                    MipSecCodes.NotACertificate, sourceName, "the file is not a PEM, DER or PFX certificate",
                    "Export the certificate as PEM (Base-64 encoded X.509), DER or PFX and point to that file.");
        }
    }

    internal static X509Certificate2 CreateCertificate(byte[] der, string sourceName)
    {
        try
        {
#if NET9_0_OR_GREATER
            return X509CertificateLoader.LoadCertificate(der);
#else
            return new X509Certificate2(der);
#endif
        }
        catch (CryptographicException ex)
        {
            throw new CertificateLoadException(
                MipSecCodes.CertificateCorrupt, sourceName, "the certificate encoding is damaged",
                "Copy or export the certificate again and replace the file.", ex);
        }
    }
}
