using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Output;

/// <summary>Writes a report in the JSON shape of the command-line contract (DESIGN.md); other tools parse it.</summary>
internal static class JsonReportWriter
{
    public static void Write(CommandReport report, TextWriter writer)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartArray("results");
            foreach (var result in report.Results)
            {
                json.WriteStartObject();
                json.WriteString("target", result.Target);
                json.WriteString("encryption", Spell(result.Encryption));
                json.WriteBoolean("trusted", result.Trusted);
                json.WriteStartArray("findings");
                foreach (var finding in result.Findings)
                {
                    WriteFinding(json, finding);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        writer.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static string Spell(EncryptionState state) => state switch
    {
        EncryptionState.On => "on",
        EncryptionState.Off => "off",
        EncryptionState.Unreachable => "unreachable",
        _ => "unknown",
    };

    public static string Spell(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };

    private static void WriteFinding(Utf8JsonWriter json, TrustFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("code", finding.Code.Id);
        json.WriteString("severity", Spell(finding.Severity));
        json.WriteString("message", finding.Message);
        if (finding.Certificate is null)
        {
            json.WriteNull("certificate");
        }
        else
        {
            json.WriteStartObject("certificate");
            json.WriteString("subject", finding.Certificate.Subject);
            json.WriteString("thumbprint", finding.Certificate.Thumbprint);
            json.WriteString("notAfter", finding.Certificate.NotAfter.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
