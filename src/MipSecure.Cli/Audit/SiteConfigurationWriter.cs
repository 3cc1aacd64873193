using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Audit;

/// <summary>
/// Saves an audited site as a <c>mipsecure.json</c> with each certificate the servers presented, and each CA the audit
/// trusted, as PEM files in a <c>certs</c> folder beside it; <c>mipsecure check</c> and MipSecure.Build then judge it offline.
/// Nothing existing is overwritten.
/// </summary>
internal static class SiteConfigurationWriter
{
    public const string CertificateFolder = "certs";

    public static void Write(SiteConfiguration site, string path)
    {
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        string Save(CertificateReference reference, string stem)
        {
            var name = Unique(FileStem(stem), usedNames) + ".crt";
            var relative = CertificateFolder + "/" + name;
            files[Path.Combine(folder, CertificateFolder, name)] = Pem(reference.InMemoryCertificates);
            return relative;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject("trust");
            json.WriteStartArray("caCertificates");
            var index = 0;
            foreach (var ca in site.Trust.CaCertificates)
            {
                json.WriteStringValue(Save(ca, "ca-" + (++index).ToString(CultureInfo.InvariantCulture)));
            }

            json.WriteEndArray();
            json.WriteNumber("expiryWarningDays", site.Trust.ExpiryWarningDays);
            json.WriteEndObject();
            if (site.ManagementServer is { } management)
            {
                json.WriteStartObject("managementServer");
                json.WriteString("name", management.Name);
                json.WriteString("uri", management.Uri.ToString());
                WriteCertificate(json, management, Save);
                json.WriteEndObject();
            }

            WriteRecorders(json, "recordingServers", site.RecordingServers, Save);
            WriteRecorders(json, "failoverRecorders", site.FailoverRecorders, Save);
            json.WriteStartArray("mobileServers");
            foreach (var mobile in site.MobileServers)
            {
                json.WriteStartObject();
                json.WriteString("name", mobile.Name);
                if (mobile.HttpUri is not null)
                {
                    json.WriteString("httpUri", mobile.HttpUri.ToString());
                }

                if (mobile.HttpsUri is not null)
                {
                    json.WriteString("httpsUri", mobile.HttpsUri.ToString());
                }

                WriteCertificate(json, mobile, Save);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("eventServers");
            foreach (var events in site.EventServers)
            {
                json.WriteStartObject();
                json.WriteString("name", events.Name);
                json.WriteString("uri", events.Uri.ToString());
                WriteCertificate(json, events, Save);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        files[fullPath] = Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        var existing = files.Keys.FirstOrDefault(File.Exists);
        if (existing is not null)
        {
            throw new MipSecureException(
                MipSecCodes.SiteFileExists,
                $"{existing} already exists; --write-config never overwrites a site file or its certificates.",
                "Give --write-config a new file name or an empty folder, or delete the old file and its certs folder first.");
        }

        Directory.CreateDirectory(Path.Combine(folder, CertificateFolder));
        foreach (var (file, text) in files)
        {
            // CreateNew: a file that appeared since the check above is still not overwritten.
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        }
    }

    private static void WriteRecorders(Utf8JsonWriter json, string property, IEnumerable<RecordingServerConfiguration> recorders, Func<CertificateReference, string, string> save)
    {
        json.WriteStartArray(property);
        foreach (var recorder in recorders)
        {
            json.WriteStartObject();
            json.WriteString("name", recorder.Name);
            json.WriteString("webServerUri", recorder.WebServerUri.ToString());
            if (recorder.ActiveWebServerUri is not null)
            {
                json.WriteString("activeWebServerUri", recorder.ActiveWebServerUri.ToString());
            }

            WriteCertificate(json, recorder, save);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteCertificate(Utf8JsonWriter json, ServerConfiguration server, Func<CertificateReference, string, string> save)
    {
        if (server.Certificate is { } certificate)
        {
            json.WriteString("certificate", save(certificate, server.Name));
        }
    }

    private static string Pem(IEnumerable<X509Certificate2> certificates) =>
        string.Concat(certificates.Select(c => new string(PemEncoding.Write("CERTIFICATE", c.RawData)) + "\n"));

    // File names from server names: letters, digits and dashes only, so every platform accepts them.
    private static string FileStem(string name)
    {
        var stem = new string(name.Trim().ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return stem.Length == 0 ? "server" : stem;
    }

    private static string Unique(string stem, HashSet<string> used)
    {
        var candidate = stem;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = stem + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }
}
