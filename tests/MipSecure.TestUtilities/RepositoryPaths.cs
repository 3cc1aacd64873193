using System;
using System.IO;
using System.Linq;
using System.Reflection;

namespace MipSecure.TestUtilities;

/// <summary>Locates the repository and the shared test data from the test assembly's build metadata.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>Gets the repository root (the folder that holds MipSecure.sln).</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>Gets <c>artifacts/</c> under the repository root, created on demand.</summary>
    public static string Artifacts(params string[] parts)
    {
        var path = Path.Combine(new[] { Root, "artifacts" }.Concat(parts).ToArray());
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        var fromMetadata = typeof(RepositoryPaths).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (!string.IsNullOrEmpty(fromMetadata) && File.Exists(Path.Combine(fromMetadata, "MipSecure.sln")))
        {
            return Path.GetFullPath(fromMetadata);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MipSecure.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (MipSecure.sln) above " + AppContext.BaseDirectory);
    }
}
