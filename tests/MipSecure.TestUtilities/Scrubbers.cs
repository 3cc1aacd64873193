using System;
using System.IO;
using System.Text.RegularExpressions;

namespace MipSecure.TestUtilities;

/// <summary>Replaces values that change from run to run with stable placeholders, as Verify's scrubbers do.</summary>
public static partial class Scrubbers
{
    /// <summary>Applies every default scrubber: temp paths, the repository root, GUIDs, thumbprints, ISO timestamps, loopback ports.</summary>
    public static string Default(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The longer path first, so a temp folder inside the clone (or a clone inside the temp folder) keeps its own placeholder.
        var root = RepositoryPaths.Root.TrimEnd('/', '\\');
        var temp = Path.GetTempPath().TrimEnd('/', '\\');
        foreach (var (path, placeholder) in root.Length >= temp.Length
            ? new[] { (root, "{RepositoryRoot}"), (temp, "{TempPath}") }
            : new[] { (temp, "{TempPath}"), (root, "{RepositoryRoot}") })
        {
            text = text.Replace(path, placeholder, StringComparison.Ordinal);
        }

        text = GuidPattern().Replace(text, "{Guid}");
        text = ThumbprintPattern().Replace(text, "{Thumbprint}");
        text = TimestampPattern().Replace(text, "{Timestamp}");
        text = LoopbackPortPattern().Replace(text, "127.0.0.1:{Port}");
        return text;
    }

    [GeneratedRegex(@"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")]
    private static partial Regex GuidPattern();

    [GeneratedRegex(@"\b[0-9A-Fa-f]{40}\b")]
    private static partial Regex ThumbprintPattern();

    [GeneratedRegex(@"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?( UTC)?")]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"127\.0\.0\.1:\d{2,5}")]
    private static partial Regex LoopbackPortPattern();
}
