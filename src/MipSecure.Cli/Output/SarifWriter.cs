using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;

namespace MipSecure.Cli.Output;

/// <summary>
/// Writes findings as SARIF 2.1.0: site findings at their line in mipsecure.json, so that CI code scanning shows each one
/// there; findings of a live audit with the server they concern in the message.
/// </summary>
internal static class SarifWriter
{
    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    // Every finding is a result, consequences too (code scanning shows each at its line); a consequence names its cause.
    public static void Write(SiteReport report, string path, string toolVersion) =>
        Write(report.Findings.Select(f => new Result(f.Finding, f.Finding.Message + " " + f.Remedy, f.Location.FilePath, f.Location.Line, f.Location.Column)
        {
            Cause = f.Cause is { } cause ? new Result(cause.Finding, cause.Message, cause.Location.FilePath, cause.Location.Line, cause.Location.Column) : null,
        }).ToList(), path, toolVersion);

    public static void Write(CommandReport report, string path, string toolVersion) =>
        Write(report.Results.SelectMany(r => r.Findings.Select(f => new Result(f, $"{r.Target}: {f.Message} {f.Remedy}", null, 0, 0)
        {
            Cause = r.CauseOf(f) is { } cause ? new Result(cause, cause.Message, null, 0, 0) : null,
        })).ToList(), path, toolVersion);

    private static void Write(IReadOnlyList<Result> results, string path, string toolVersion)
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
        WriteTool(json, results, toolVersion);
        json.WriteStartArray("results");
        foreach (var result in results)
        {
            WriteResult(json, result);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter json, IReadOnlyList<Result> results, string toolVersion)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "mipsecure");
        json.WriteString("version", toolVersion);
        json.WriteString("informationUri", "https://github.com/mipsecure/mipsecure");
        json.WriteStartArray("rules");
        foreach (var code in results.Select(r => r.Finding.Code).Distinct().OrderBy(c => c.Id, StringComparer.Ordinal))
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

    private sealed record Result(TrustFinding Finding, string Text, string? FilePath, int Line, int Column)
    {
        /// <summary>The finding this one follows from, when it is a consequence.</summary>
        public Result? Cause { get; init; }
    }

    private static void WriteResult(Utf8JsonWriter json, Result result)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", result.Finding.Code.Id);
        json.WriteString("level", Level(result.Finding.Severity));
        json.WriteStartObject("message");
        json.WriteString("text", result.Text);
        json.WriteEndObject();
        if (result.FilePath is not null)
        {
            json.WriteStartArray("locations");
            WriteLocation(json, result, message: null);
            json.WriteEndArray();
        }

        if (result.Cause is { } cause)
        {
            if (cause.FilePath is not null)
            {
                json.WriteStartArray("relatedLocations");
                WriteLocation(json, cause, $"{cause.Finding.Code.Id}, the cause: {cause.Text}");
                json.WriteEndArray();
            }

            json.WriteStartObject("properties");
            json.WriteString("cause", cause.Finding.Code.Id);
            json.WriteString("causeMessage", cause.Finding.Message);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, Result result, string? message)
    {
        json.WriteStartObject();
        if (message is not null)
        {
            json.WriteNumber("id", 1);
            json.WriteStartObject("message");
            json.WriteString("text", message);
            json.WriteEndObject();
        }

        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", ArtifactUri(result.FilePath!));
        json.WriteEndObject();
        if (result.Line > 0)
        {
            json.WriteStartObject("region");
            json.WriteNumber("startLine", result.Line);
            json.WriteNumber("startColumn", Math.Max(1, result.Column));
            json.WriteEndObject();
        }

        json.WriteEndObject();
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
