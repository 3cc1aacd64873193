using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using MipSecure.TestUtilities;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Site;
using Xunit;

namespace MipSecure.Trust.Tests.Site;

/// <summary>A test's own folder holding the site's certificate files and its mipsecure.json.</summary>
internal sealed partial class SiteFolder : IDisposable
{
    private readonly TempDirectory _temp = new("mipsecure-site");

    public SiteFolder()
    {
        SiteCertificates.Shared.WriteTo(_temp.Path);
        Variables["MOBILE_PFX_PASSWORD"] = SiteCertificates.MobilePassword;
    }

    public string Path => _temp.Path;

    public string ConfigurationPath => _temp.File("mipsecure.json");

    public string Json { get; private set; } = string.Empty;

    /// <summary>Gets the environment the check sees; PFX passwords come from here.</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public SiteCheckOptions Options => new()
    {
        TimeProvider = SiteCertificates.Shared.Clock,
        GetEnvironmentVariable = name => Variables.TryGetValue(name, out var value) ? value : null,
    };

    public SiteFolder Write(string json)
    {
        Json = json;
        File.WriteAllText(ConfigurationPath, json, new UTF8Encoding(false));
        return this;
    }

    public SiteConfigurationLoadResult Load() => SiteConfigurationLoader.Load(ConfigurationPath);

    public SiteReport Check() => SiteChecker.CheckFile(ConfigurationPath, Options);

    /// <summary>Gets the 1-based line and column where <paramref name="snippet"/> starts in the JSON; it must occur once.</summary>
    public (int Line, int Column) PositionOf(string snippet)
    {
        var index = Json.IndexOf(snippet, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{snippet}' is not in the site JSON.");
        Assert.True(Json.IndexOf(snippet, index + 1, StringComparison.Ordinal) < 0, $"'{snippet}' occurs more than once in the site JSON.");
        var before = Json.Substring(0, index);
        var line = before.Count(c => c == '\n') + 1;
        var column = index - (before.LastIndexOf('\n') + 1) + 1;
        return (line, column);
    }

    /// <summary>Formats findings as "CODE@line:column" so a table can state them exactly.</summary>
    public static string[] Describe(IEnumerable<SiteFinding> findings) =>
        findings.Select(f => f.Code.Id + "@" + f.Location.Line + ":" + f.Location.Column).ToArray();

    /// <summary>Formats expectations ("CODE", snippet) the same way; a null snippet means the start of the file.</summary>
    public string[] Expected(IEnumerable<(string Code, string? At)> expected) =>
        expected.Select(e =>
        {
            var (line, column) = e.At is null ? (1, 1) : PositionOf(e.At);
            return e.Code + "@" + line + ":" + column;
        }).ToArray();

    /// <summary>Replaces this folder's random name so snapshots are stable.</summary>
    public static string ScrubFolder(string text) => FolderPattern().Replace(text, "{SiteFolder}");

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex(@"\{TempPath\}[/\\]mipsecure-site-[0-9a-f]{12}")]
    private static partial Regex FolderPattern();
}
