using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Pki;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Pki;

/// <summary>Writes a certificate as the three files XProtect administrators need: PFX (with key, for Windows import), PEM and CER (DER).</summary>
internal static class CertificateFiles
{
    /// <summary>The files <see cref="Write"/> writes for <paramref name="baseName"/> in <paramref name="folder"/>: PFX, PEM, CER.</summary>
    public static IReadOnlyList<string> PathsFor(string folder, string baseName) =>
        new[] { ".pfx", ".crt", ".cer" }.Select(extension => Path.Combine(folder, baseName + extension)).ToList();

    /// <summary>Refuses, before anything is created, to replace files that exist unless <paramref name="force"/> is set.</summary>
    public static void EnsureWritable(IReadOnlyList<string> paths, bool force)
    {
        var existing = paths.Where(File.Exists).ToList();
        if (existing.Count > 0 && !force)
        {
            throw new MipSecureException(
                MipSecCodes.OutputFileExists,
                $"{string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : string.Empty)}; nothing was written.",
                "Choose another folder with --out, or add --force to replace the files.");
        }
    }

    public static IReadOnlyList<string> Write(X509Certificate2 certificate, string folder, string baseName, string? pfxPassword, bool force)
    {
        var paths = PathsFor(folder, baseName);
        EnsureWritable(paths, force);
        Directory.CreateDirectory(folder);
        PrivateKeyFile.Write(paths[0], certificate.Export(X509ContentType.Pkcs12, pfxPassword));
        File.WriteAllText(paths[1], CertificateAuthority.ExportPem(certificate));
        File.WriteAllBytes(paths[2], certificate.RawData);
        return paths;
    }

    /// <summary>The warning for a PFX written without a password: its private key is protected by the file's permissions only.</summary>
    public static string NoPasswordWarning(string what) =>
        $"warning: {what} has no password (only its owner can read the file); use --password-variable to protect its private key.";

    /// <summary>A file name from a host or CA name: letters, digits, dots and dashes.</summary>
    public static string Slug(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsLetterOrDigit(chars[i]) && chars[i] != '.' && chars[i] != '-')
            {
                chars[i] = '-';
            }
        }

        return new string(chars).Trim('-').ToLowerInvariant();
    }
}
