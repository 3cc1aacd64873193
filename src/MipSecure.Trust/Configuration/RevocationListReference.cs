namespace MipSecure.Trust.Configuration;

/// <summary>A revocation list file named in <c>trust.crls</c>.</summary>
public sealed class RevocationListReference
{
    /// <summary>Creates a reference.</summary>
    /// <param name="text">The path as written.</param>
    /// <param name="resolvedPath">The full path, resolved against the folder of the configuration file.</param>
    /// <param name="location">Where it was written.</param>
    public RevocationListReference(string text, string resolvedPath, SourceLocation location)
    {
        Text = text;
        ResolvedPath = resolvedPath;
        Location = location;
    }

    /// <summary>Gets the path as written.</summary>
    public string Text { get; }

    /// <summary>Gets the full path.</summary>
    public string ResolvedPath { get; }

    /// <summary>Gets where it was written.</summary>
    public SourceLocation Location { get; }
}
