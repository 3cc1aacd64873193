using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace MipSecure.TestUtilities;

/// <summary>
/// Snapshot assertions with Verify's file conventions: <c>&lt;TestFile&gt;.&lt;Member&gt;.verified.txt</c> beside the test,
/// <c>.received.txt</c> written on a mismatch (git-ignored), LF endings, scrubbed volatile values.
/// Accept a change by renaming the received file, or locally by setting MIPSECURE_ACCEPT_SNAPSHOTS=1. CI never accepts.
/// </summary>
public static class Snapshot
{
    /// <summary>Compares <paramref name="actual"/>, scrubbed, with the verified snapshot.</summary>
    public static void Verify(
        string actual,
        string? variant = null,
        Func<string, string>? scrubber = null,
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string member = "")
    {
        var text = Normalize(Scrubbers.Default(actual));
        if (scrubber is not null)
        {
            text = Normalize(scrubber(text));
        }

        var basePath = Path.Combine(
            Path.GetDirectoryName(ResolveSourceFile(sourceFile))!,
            Path.GetFileNameWithoutExtension(sourceFile) + "." + member + (variant is null ? string.Empty : "_" + variant));
        var verifiedPath = basePath + ".verified.txt";
        var receivedPath = basePath + ".received.txt";
        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == text)
        {
            if (File.Exists(receivedPath))
            {
                File.Delete(receivedPath);
            }

            return;
        }

        var isCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!isCi && Environment.GetEnvironmentVariable("MIPSECURE_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verifiedPath, text, new UTF8Encoding(false));
            return;
        }

        File.WriteAllText(receivedPath, text, new UTF8Encoding(false));
        Assert.Fail(verified is null
            ? $"No verified snapshot {Path.GetFileName(verifiedPath)}; review {Path.GetFileName(receivedPath)} and rename it to accept."
            : $"Snapshot {Path.GetFileName(verifiedPath)} differs; review {Path.GetFileName(receivedPath)}.\n" + FirstDifference(verified, text));
    }

    private static string ResolveSourceFile(string sourceFile)
    {
        // Deterministic CI builds map source paths to "/_/": map them back to the repository root.
        if (sourceFile.StartsWith("/_/", StringComparison.Ordinal) || sourceFile.StartsWith("\\_\\", StringComparison.Ordinal))
        {
            return Path.Combine(RepositoryPaths.Root, sourceFile.Substring(3));
        }

        return sourceFile;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var expectedLines = expected.Split('\n');
        var actualLines = actual.Split('\n');
        for (var i = 0; i < Math.Max(expectedLines.Length, actualLines.Length); i++)
        {
            var e = i < expectedLines.Length ? expectedLines[i] : "<end>";
            var a = i < actualLines.Length ? actualLines[i] : "<end>";
            if (e != a)
            {
                return $"line {i + 1}:\n  verified: {e}\n  received: {a}";
            }
        }

        return string.Empty;
    }
}
