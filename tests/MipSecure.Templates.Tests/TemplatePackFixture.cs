using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Templates.Tests;

[CollectionDefinition(Name)]
public sealed class TemplatePackGroup : ICollectionFixture<TemplatePackFixture>
{
    public const string Name = "Packed templates";
}

/// <summary>
/// Packs the templates and the MipSecure packages into a temporary feed once, installs the templates into a custom hive,
/// and gives each test a folder outside the repository whose NuGet.config points at that feed and an isolated packages folder.
/// </summary>
public sealed class TemplatePackFixture : IDisposable
{
    /// <summary>The version every package is packed with; the templates default to it.</summary>
    public const string PackageVersion = "0.1.0-test";

    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);

    private static readonly string[] Libraries = ["MipSecure.Trust", "MipSecure.Pki", "MipSecure", "MipSecure.Testing", "MipSecure.Build"];
    private readonly TempDirectory _root = new("mipsecure-templates");

    public TemplatePackFixture()
    {
        Feed = Directory.CreateDirectory(Path.Combine(_root.Path, "feed")).FullName;
        Hive = Path.Combine(_root.Path, "hive");
        Work = Directory.CreateDirectory(Path.Combine(_root.Path, "work")).FullName;
        var configuration = typeof(TemplatePackFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MipSecureBuildConfiguration").Value!;

        // The test project has built the libraries in every target framework: pack them side by side without building again.
        var packs = Libraries
            .Select(name => Task.Run(() => Dotnet(RepositoryPaths.Root, "pack", Path.Combine("src", name, name + ".csproj"), "-c", configuration, "--no-build",
                "-o", Feed, "-p:PackageVersion=" + PackageVersion, "--disable-build-servers", "-nologo")))
            .Append(Task.Run(() => Dotnet(RepositoryPaths.Root, "pack", Path.Combine("templates", "MipSecure.Templates", "MipSecure.Templates.csproj"), "-c", configuration,
                "-o", Feed, "-p:PackageVersion=" + PackageVersion, "--disable-build-servers", "-nologo")))
            .ToArray();
        foreach (var pack in packs)
        {
            EnsureSucceeded(pack.GetAwaiter().GetResult());
        }

        TemplatePackage = Path.Combine(Feed, $"MipSecure.Templates.{PackageVersion}.nupkg");
        EnsureSucceeded(Dotnet(_root.Path, "new", "install", TemplatePackage, "--debug:custom-hive", Hive));

        IsolatedNuGetConfig.Write(Work, Feed, Path.Combine(_root.Path, "packages"));
    }

    public string Feed { get; }

    public string Hive { get; }

    public string Work { get; }

    public string TemplatePackage { get; }

    /// <summary>Creates an empty folder for one test case under the folder that holds NuGet.config.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Work, name)).FullName;

    /// <summary>Runs <c>dotnet new</c> against the custom hive.</summary>
    public DotnetResult New(string folder, params string[] arguments) =>
        Dotnet(folder, ["new", .. arguments, "--debug:custom-hive", Hive]);

    public static DotnetResult Dotnet(string folder, params string[] arguments) =>
        DotnetProcess.Run(folder, CommandTimeout, environment: null, arguments);

    /// <summary>Every file under <paramref name="folder"/> except build output, relative and sorted.</summary>
    public static string FileList(string folder) => string.Join("\n", Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
        .Select(path => Path.GetRelativePath(folder, path).Replace('\\', '/'))
        .Where(path => !path.StartsWith("obj/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal)
            && !path.StartsWith("bin/", StringComparison.Ordinal) && !path.Contains("/bin/", StringComparison.Ordinal))
        .OrderBy(path => path, StringComparer.Ordinal));

    public static void EnsureSucceeded(DotnetResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    public void Dispose() => _root.Dispose();
}
