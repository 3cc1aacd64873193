using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Build.Tests.EndToEnd;

/// <summary>The packed .nupkg has the shape of a development-only MSBuild task package.</summary>
[Collection(PackedFeedGroup.Name)]
public sealed class PackageLayoutTests
{
    private readonly PackedFeedFixture _feed;

    public PackageLayoutTests(PackedFeedFixture feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Package_holds_the_targets_the_task_beside_its_dependency_and_the_analyzer_and_nothing_in_lib()
    {
        using var package = ZipFile.OpenRead(_feed.PackagePath);
        var entries = package.Entries.Select(e => e.FullName)
            .Where(name => !name.StartsWith("package/", StringComparison.Ordinal) && !name.StartsWith("_rels/", StringComparison.Ordinal) && name != "[Content_Types].xml")
            .OrderBy(name => name, StringComparer.Ordinal)
            .ToList();

        Assert.Contains("build/MipSecure.Build.props", entries);
        Assert.Contains("build/MipSecure.Build.targets", entries);
        Assert.Contains("tasks/net8.0/MipSecure.Build.dll", entries);
        Assert.Contains("tasks/net8.0/MipSecure.Trust.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/MipSecure.Build.Analyzers.dll", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.Contains("Microsoft.Build", StringComparison.Ordinal) || e.Contains("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Snapshot.Verify(string.Join("\n", entries));
    }

    [Fact]
    public void Nuspec_marks_a_development_dependency_without_dependencies()
    {
        using var package = ZipFile.OpenRead(_feed.PackagePath);
        var nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspecEntry.Open();
        var nuspec = XDocument.Load(stream);
        var ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;

        Assert.Equal("MipSecure.Build", metadata.Element(ns + "id")!.Value);
        Assert.Equal("true", metadata.Element(ns + "developmentDependency")!.Value);
        Assert.Empty(metadata.Descendants(ns + "dependency"));
        Assert.Equal("README.md", metadata.Element(ns + "readme")?.Value);
    }
}
