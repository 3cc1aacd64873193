using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Testing.Certificates;

namespace MipSecure.Cli.Pki;

/// <summary>Writes a certificate as the three files XProtect administrators need: PFX (with key, for Windows import), PEM and CER (DER).</summary>
internal static class CertificateFiles
{
    public static IReadOnlyList<string> Write(X509Certificate2 certificate, string folder, string baseName, string? pfxPassword)
    {
        Directory.CreateDirectory(folder);
        var pfx = Path.Combine(folder, baseName + ".pfx");
        var pem = Path.Combine(folder, baseName + ".crt");
        var cer = Path.Combine(folder, baseName + ".cer");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, pfxPassword));
        File.WriteAllText(pem, TestCertificateAuthority.ExportPem(certificate));
        File.WriteAllBytes(cer, certificate.RawData);
        return new[] { pfx, pem, cer };
    }

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
