using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Packaging.Tests;

[CollectionDefinition(Name)]
public sealed class PackedReleaseGroup : ICollectionFixture<PackedReleaseFixture>
{
    public const string Name = "Packed release";
}

/// <summary>
/// Packs every shipped package once into a temporary feed, as a release would: the five libraries, the tool's pointer
/// package, its framework-dependent 'any' package and, on a platform it ships for and when the native tests are on
/// (<see cref="NativeToolFactAttribute"/>), its Native AOT package. Consumers live
/// in folders outside the repository whose NuGet.config adds the feed to the machine's default sources.
/// </summary>
public sealed class PackedReleaseFixture : IDisposable
{
    /// <summary>The version every package is packed with: a prerelease no other source has.</summary>
    public const string PackageVersion = "0.1.0-release-test";

    /// <summary>The platforms the tool has a Native AOT package for (ToolPackageRuntimeIdentifiers, less 'any').</summary>
    public static readonly IReadOnlyList<string> NativeRuntimes = ["linux-x64", "linux-arm64", "win-x64", "osx-arm64"];

    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(8);

    private static readonly string[] Libraries = ["MipSecure.Trust", "MipSecure.Pki", "MipSecure", "MipSecure.Testing", "MipSecure.Build"];
    private readonly TempDirectory _root = new("mipsecure-release");

    public PackedReleaseFixture()
    {
        Feed = Directory.CreateDirectory(Path.Combine(_root.Path, "feed")).FullName;
        Work = Directory.CreateDirectory(Path.Combine(_root.Path, "work")).FullName;
        var configuration = typeof(PackedReleaseFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MipSecureBuildConfiguration").Value!;

        // The test project has built the libraries in every target framework: pack them without building again.
        var packs = Libraries
            .Select(name => Task.Run(() => Dotnet(RepositoryPaths.Root, "pack", Path.Combine("src", name, name + ".csproj"), "-c", configuration, "--no-build",
                "-o", Feed, "-p:PackageVersion=" + PackageVersion, "--disable-build-servers", "-nologo")))
            .ToArray();
        foreach (var pack in packs)
        {
            EnsureSucceeded(pack.GetAwaiter().GetResult());
        }

        // The tool builds in a folder of its own: its per-runtime builds never touch the repository's bin and obj folders,
        // which other test projects read while this runs.
        var tool = Path.Combine("src", "MipSecure.Cli", "MipSecure.Cli.csproj");
        var toolBuild = Path.Combine(_root.Path, "tool-build");
        string[] Pack(params string[] runtime) =>
            ["pack", tool, "-c", "Release", .. runtime, "-o", Feed, "-p:PackageVersion=" + PackageVersion, "--artifacts-path", toolBuild, "--disable-build-servers", "-nologo"];
        var watch = Stopwatch.StartNew();
        EnsureSucceeded(Dotnet(RepositoryPaths.Root, Pack()));
        EnsureSucceeded(Dotnet(RepositoryPaths.Root, Pack("-r", "any")));
        ToolPackSeconds = watch.Elapsed.TotalSeconds;

        // Native AOT compiles for the platform it runs on: this machine's package, when the tool ships one for it.
        HostRuntime = RuntimeInformation.RuntimeIdentifier;
        if (NativeToolFactAttribute.IsEnabled && NativeRuntimes.Contains(HostRuntime))
        {
            watch.Restart();
            EnsureSucceeded(Dotnet(RepositoryPaths.Root, Pack("-r", HostRuntime)));
            NativePackSeconds = watch.Elapsed.TotalSeconds;
        }

        IsolatedNuGetConfig.Write(Work, Feed, Path.Combine(_root.Path, "packages"));
    }

    public string Feed { get; }

    /// <summary>The fixture's temporary folder, where the tool was built: no package may name it.</summary>
    public string Root => _root.Path;

    /// <summary>The folder whose NuGet.config adds the feed; consumers and tool installs run under it.</summary>
    public string Work { get; }

    /// <summary>This machine's runtime identifier, for example linux-x64.</summary>
    public string HostRuntime { get; }

    /// <summary>Whether the tool has a Native AOT package for this machine (packed here).</summary>
    public bool HasNativePackage => NativePackSeconds is not null;

    public double ToolPackSeconds { get; }

    public double? NativePackSeconds { get; }

    /// <summary>The path of a package in the feed.</summary>
    public string Package(string id, string extension = ".nupkg") => Path.Combine(Feed, $"{id}.{PackageVersion}{extension}");

    /// <summary>Creates an empty folder under the folder that holds NuGet.config.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Work, name)).FullName;

    public static DotnetResult Dotnet(string folder, params string[] arguments) =>
        DotnetProcess.Run(folder, CommandTimeout, environment: null, arguments);

    public static void EnsureSucceeded(DotnetResult result)
    {
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException(result.ToString());
        }
    }

    public void Dispose() => _root.Dispose();
}
