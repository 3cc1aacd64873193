using System;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;

namespace MipSecure.Cli.Output;

/// <summary>Writes site findings as SARIF 2.1.0 so that CI code scanning shows each one at its line in mipsecure.json.</summary>
internal static class SarifWriter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    public static void Write(SiteReport report, string path, string toolVersion)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json, report, toolVersion);
        json.WriteStartArray("results");
        foreach (var finding in report.Findings)
        {
            WriteResult(json, finding);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter json, SiteReport report, string toolVersion)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "mipsecure");
        json.WriteString("version", toolVersion);
        json.WriteString("informationUri", "https://github.com/mipsecure/mipsecure");
        json.WriteStartArray("rules");
        foreach (var code in report.Findings.Select(f => f.Code).Distinct().OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("id", code.Id);
            json.WriteStartObject("shortDescription");
            json.WriteString("text", code.Title);
            json.WriteEndObject();
            json.WriteString("helpUri", code.HelpLink);
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(code.DefaultSeverity));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteResult(Utf8JsonWriter json, SiteFinding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Code.Id);
        json.WriteString("level", Level(finding.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", finding.Message + " " + finding.Remedy);
        json.WriteEndObject();
        if (finding.Location.FilePath is not null)
        {
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", ArtifactUri(finding.Location.FilePath));
            json.WriteEndObject();
            if (finding.Location.Line > 0)
            {
                json.WriteStartObject("region");
                json.WriteNumber("startLine", finding.Location.Line);
                json.WriteNumber("startColumn", Math.Max(1, finding.Location.Column));
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    // Code scanning resolves relative URIs against the repository: keep paths relative to the working folder when they are under it.
    private static string ArtifactUri(string filePath)
    {
        var full = Path.GetFullPath(filePath);
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), full);
        var chosen = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        return chosen.Replace('\\', '/');
    }

    private static string Level(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "note",
    };
}
