using System.Globalization;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// Where a value was written: a file, a 1-based line and a 1-based column. MSBuild and SARIF output point at it.
/// Models built in memory have no file; their line and column are 0.
/// </summary>
/// <param name="FilePath">The file as the caller named it; <see langword="null"/> for a model built in memory.</param>
/// <param name="Line">The 1-based line; 0 when unknown.</param>
/// <param name="Column">The 1-based column; 0 when unknown.</param>
public sealed record SourceLocation(string? FilePath, int Line, int Column)
{
    /// <summary>Gets the location of something that was not read from a file.</summary>
    public static SourceLocation None { get; } = new(null, 0, 0);

    /// <summary>Gets whether the location names a line in a file.</summary>
    public bool HasLine => FilePath is not null && Line > 0;

    /// <summary>Formats the location the way compilers and MSBuild do: <c>file(line,column)</c>, or just the file.</summary>
    /// <returns>The location text; empty for <see cref="None"/>.</returns>
    public override string ToString()
    {
        if (FilePath is null)
        {
            return string.Empty;
        }

        return Line > 0
            ? string.Format(CultureInfo.InvariantCulture, "{0}({1},{2})", FilePath, Line, Column)
            : FilePath;
    }
}
