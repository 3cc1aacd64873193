using System;
using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MipSecure.Trust.Configuration;
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
                WriteStringOrNull(json, "server", result.Server);
                if (result.Encryption == EncryptionState.NotApplicable)
                {
                    json.WriteNull("encryption");
                }
                else
                {
                    json.WriteString("encryption", Spell(result.Encryption));
                }

                if (result.Trusted is { } trusted)
                {
                    json.WriteBoolean("trusted", trusted);
                }
                else
                {
                    json.WriteNull("trusted");
                }

                json.WriteStartArray("certificates");
                foreach (var certificate in result.Certificates)
                {
                    WriteCertificate(json, certificate);
                }

                json.WriteEndArray();
                json.WriteStartArray("findings");
                foreach (var finding in result.OwnFindings)
                {
                    WriteFinding(json, finding, result.LocationOf(finding), result.Certificates, report.ConsequencesOf(finding));
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

    // A consequence is written once, inside its cause, with the target and server it concerns; it has no consequences of its own.
    private static void WriteFinding(Utf8JsonWriter json, TrustFinding finding, SourceLocation? location, IReadOnlyList<CertificateSummary> checkedCertificates, IReadOnlyList<Consequence>? consequences, TargetResult? consequenceOf = null)
    {
        json.WriteStartObject();
        if (consequenceOf is not null)
        {
            json.WriteString("target", consequenceOf.Target);
            WriteStringOrNull(json, "server", consequenceOf.Server);
        }

        json.WriteString("code", finding.Code.Id);
        json.WriteString("severity", Spell(finding.Severity));
        json.WriteString("message", finding.Message);
        json.WriteString("fix", finding.Remedy);
        json.WriteString("helpLink", finding.HelpLink);
        WriteStringOrNull(json, "file", location?.FilePath);
        WriteNumberOrNull(json, "line", location is { Line: > 0 } ? location.Line : null);
        WriteNumberOrNull(json, "column", location is { Column: > 0 } ? location.Column : null);
        if (finding.Certificate is null)
        {
            json.WriteNull("certificate");
        }
        else
        {
            // The same certificate as in "certificates" (with its issuer and names) when the command read it itself.
            json.WritePropertyName("certificate");
            WriteCertificate(json, checkedCertificates.FirstOrDefault(c => c.Thumbprint == finding.Certificate.Thumbprint) ?? finding.Certificate);
        }

        if (consequences is not null)
        {
            json.WriteStartArray("consequences");
            foreach (var consequence in consequences)
            {
                var target = consequence.Target;
                WriteFinding(json, consequence.Finding, target.LocationOf(consequence.Finding), target.Certificates, null, target);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteCertificate(Utf8JsonWriter json, CertificateSummary certificate)
    {
        json.WriteStartObject();
        json.WriteString("subject", certificate.Subject);
        WriteStringOrNull(json, "issuer", certificate.Issuer);
        json.WriteStartArray("subjectAlternativeNames");
        foreach (var name in certificate.SubjectAlternativeNames)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteString("thumbprint", certificate.Thumbprint);
        json.WriteString("notAfter", certificate.NotAfter.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteNumber(name, value.Value);
        }
    }
}
