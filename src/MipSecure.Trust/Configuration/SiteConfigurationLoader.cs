using System;
using System.IO;
using System.Text;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// Reads <c>mipsecure.json</c>: comments and trailing commas are allowed, every element remembers its line and column,
/// and every problem is a located MIPSEC3xxx finding rather than an exception.
/// </summary>
public static class SiteConfigurationLoader
{
    /// <summary>The largest configuration file read: 1 MiB, far above a site with thousands of servers.</summary>
    internal const long MaxFileBytes = 1024 * 1024;

    /// <summary>The conventional file name.</summary>
    public const string DefaultFileName = "mipsecure.json";

    /// <summary>Reads the configuration file at <paramref name="path"/>; relative certificate paths are resolved against its folder.</summary>
    /// <param name="path">The file, relative to the current directory or absolute.</param>
    /// <returns>The model and the findings; never throws for bad input.</returns>
    public static SiteConfigurationLoadResult Load(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        var fileLocation = new SourceLocation(path, 0, 0);
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return Failed(path, MipSecCodes.ConfigurationFileUnreadable, fileLocation,
                $"The site configuration path '{path}' is not a valid path ({ex.GetType().Name}).",
                "Write the path without characters the file system does not allow.");
        }

        var bytes = ReadBounded(path, fullPath, fileLocation, out var failure);
        if (failure is not null)
        {
            return failure;
        }

        return Parse(bytes!, path, Path.GetDirectoryName(fullPath) ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Reads configuration text held in memory.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="sourcePath">The file name findings point to; <see langword="null"/> for none.</param>
    /// <param name="baseDirectory">The folder relative certificate paths start from; the current directory when <see langword="null"/>.</param>
    /// <returns>The model and the findings.</returns>
    public static SiteConfigurationLoadResult LoadText(string json, string? sourcePath = null, string? baseDirectory = null)
    {
        if (json is null)
        {
            throw new ArgumentNullException(nameof(json));
        }

        var bytes = Encoding.UTF8.GetBytes(json);
        if (bytes.Length > MaxFileBytes)
        {
            return TooLarge(sourcePath ?? "(text)", new SourceLocation(sourcePath, 0, 0), bytes.Length);
        }

        return Parse(bytes, sourcePath, baseDirectory ?? Directory.GetCurrentDirectory());
    }

    private static SiteConfigurationLoadResult Parse(byte[] bytes, string? sourcePath, string baseDirectory)
    {
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        PositionedJsonNode root;
        try
        {
            root = PositionedJsonParser.Parse(bytes, start, sourcePath);
        }
        catch (PositionedJsonException ex) when (ex.IsEmpty)
        {
            return Failed(sourcePath, MipSecCodes.ConfigurationEmpty, ex.Location,
                $"The site configuration {Describe(sourcePath)} is empty: it holds no JSON object.",
                "Describe the site as a JSON object, for example { \"trust\": { \"caCertificates\": [\"certs/root.crt\"] } }; see docs/configuration.md.");
        }
        catch (PositionedJsonException ex)
        {
            return Failed(sourcePath, MipSecCodes.ConfigurationMalformed, ex.Location,
                $"The site configuration {Describe(sourcePath)} is not valid JSON at line {ex.Location.Line}, column {ex.Location.Column}: {ex.Message}",
                "Fix the JSON at that position; comments and trailing commas are allowed, unquoted names and single quotes are not.");
        }

        return new SiteConfigurationReader(sourcePath, baseDirectory).Read(root);
    }

    private static byte[]? ReadBounded(string path, string fullPath, SourceLocation fileLocation, out SiteConfigurationLoadResult? failure)
    {
        failure = null;
        try
        {
            var info = new FileInfo(fullPath);
            if (!info.Exists)
            {
                var what = Directory.Exists(fullPath) ? "is a folder, not a file" : "does not exist";
                failure = Failed(path, MipSecCodes.ConfigurationFileNotFound, fileLocation,
                    $"The site configuration '{path}' {what} (resolved to '{fullPath}').",
                    $"Create {DefaultFileName} (see docs/configuration.md) or pass the path of the existing file.");
                return null;
            }

            if (info.Length > MaxFileBytes)
            {
                failure = TooLarge(path, fileLocation, info.Length);
                return null;
            }

            // Read at most one byte past the limit, so a file that grows after the size check is still refused.
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[MaxFileBytes + 1];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
            {
                total += read;
            }

            if (total > MaxFileBytes)
            {
                failure = TooLarge(path, fileLocation, total);
                return null;
            }

            var bytes = new byte[total];
            Array.Copy(buffer, bytes, total);
            return bytes;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            failure = Failed(path, MipSecCodes.ConfigurationFileUnreadable, fileLocation,
                $"The site configuration '{path}' cannot be read ({ex.GetType().Name}; resolved to '{fullPath}').",
                "Check that the file is not locked by another program and that this account may read it.");
            return null;
        }
    }

    private static SiteConfigurationLoadResult TooLarge(string path, SourceLocation location, long length) =>
        Failed(path, MipSecCodes.ConfigurationFileTooLarge, location,
            $"The site configuration '{path}' is {length:N0} bytes, more than the {MaxFileBytes:N0} bytes a site description can need; it was not read.",
            "Point to the mipsecure.json file itself, not a log, an archive or a generated dump.");

    private static SiteConfigurationLoadResult Failed(string? path, MipSecCode code, SourceLocation location, string message, string remedy) =>
        new(path, null, new[] { SiteFinding.Create(code, location, null, message, remedy) });

    private static string Describe(string? sourcePath) => sourcePath is null ? "text" : "'" + sourcePath + "'";
}
