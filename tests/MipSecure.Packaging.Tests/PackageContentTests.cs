using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Packaging.Tests;

/// <summary>What a user downloads: each package opened as NuGet opens it, and every file in it read.</summary>
[Collection(PackedReleaseGroup.Name)]
public sealed class PackageContentTests
{
    private const string RawSchemaAddress = "https://raw.githubusercontent.com/mipsecure/mipsecure/main/docs/mipsecure.schema.json";
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly string[] Libraries = ["MipSecure.Trust", "MipSecure.Pki", "MipSecure", "MipSecure.Testing"];
    private readonly PackedReleaseFixture _release;

    public PackageContentTests(PackedReleaseFixture release)
    {
        _release = release;
    }

    private IEnumerable<string> AllPackages => Directory.EnumerateFiles(_release.Feed, "*.nupkg").Concat(Directory.EnumerateFiles(_release.Feed, "*.snupkg"));

    [Fact]
    public void Every_package_has_its_readme_licence_and_the_repository_commit_it_was_built_from()
    {
        var packages = Directory.EnumerateFiles(_release.Feed, "*.nupkg").ToList();
        var expected = new[] { "MipSecure.Trust", "MipSecure.Pki", "MipSecure", "MipSecure.Testing", "MipSecure.Build", "MipSecure.Cli", "MipSecure.Cli.any" }
            .Concat(_release.HasNativePackage ? new[] { "MipSecure.Cli." + _release.HostRuntime } : Array.Empty<string>())
            .Select(id => Path.GetFileName(_release.Package(id)))
            .OrderBy(name => name, StringComparer.Ordinal);
        Assert.Equal(expected, packages.Select(Path.GetFileName).OrderBy(name => name, StringComparer.Ordinal));
        foreach (var package in packages)
        {
            using var zip = ZipFile.OpenRead(package);
            var metadata = Nuspec(zip).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

            Assert.True(Value("readme") == "README.md", package);
            Assert.NotNull(zip.GetEntry("README.md"));
            Assert.True(Value("license") == "MIT", package);
            var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Equal("https://github.com/mipsecure/mipsecure", repository.Attribute("url")?.Value);
            Assert.Matches("^[0-9a-f]{40}$", repository.Attribute("commit")?.Value ?? string.Empty);
        }
    }

    [Fact]
    public void Libraries_ship_xml_docs_beside_each_assembly_and_symbols_that_link_to_their_sources()
    {
        foreach (var id in Libraries)
        {
            using var package = ZipFile.OpenRead(_release.Package(id));
            using var symbols = ZipFile.OpenRead(_release.Package(id, ".snupkg"));
            var assemblies = package.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(assemblies);
            foreach (var assembly in assemblies)
            {
                Assert.True(package.GetEntry(Path.ChangeExtension(assembly.FullName, ".xml")) is not null, $"{id}: no XML docs beside {assembly.FullName}");
                var pdb = symbols.GetEntry(Path.ChangeExtension(assembly.FullName, ".pdb"));
                Assert.True(pdb is not null, $"{id}: no symbols for {assembly.FullName}");
                var sourceLink = SourceLinkOf(pdb!);
                Assert.Matches(@"""https://raw\.githubusercontent\.com/mipsecure/mipsecure/[0-9a-f]{40}/\*""", sourceLink);
            }
        }
    }

    [Fact]
    public void No_file_in_any_package_holds_a_path_of_the_machine_that_built_it()
    {
        // The clone, the folder the tool was built in, and the machine's NuGet folder (the user profile alone, "/root" here,
        // is also the start of ordinary text such as "/root.crt").
        var machinePaths = new[] { RepositoryPaths.Root, _release.Root, Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget") }
            .Select(path => path.TrimEnd('/', '\\'))
            .Where(path => path.Length > 1)
            .Distinct()
            .ToList();
        var found = new List<string>();
        foreach (var package in AllPackages)
        {
            using var zip = ZipFile.OpenRead(package);
            foreach (var entry in zip.Entries)
            {
                var bytes = Read(entry);
                foreach (var path in machinePaths)
                {
                    if (Contains(bytes, Encoding.UTF8.GetBytes(path)) || Contains(bytes, Encoding.Unicode.GetBytes(path)))
                    {
                        found.Add($"{Path.GetFileName(package)}: {entry.FullName} holds {path}");
                    }
                }
            }
        }

        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void Packages_that_read_mipsecure_json_carry_its_schema_whose_id_is_the_raw_file()
    {
        var schema = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "mipsecure.schema.json"));
        using (var document = JsonDocument.Parse(schema))
        {
            Assert.Equal(RawSchemaAddress, document.RootElement.GetProperty("$id").GetString());
        }

        foreach (var id in new[] { "MipSecure.Trust", "MipSecure.Build", "MipSecure.Cli" })
        {
            using var zip = ZipFile.OpenRead(_release.Package(id));
            var entry = zip.GetEntry("mipsecure.schema.json");
            Assert.True(entry is not null, id);
            Assert.Equal(schema, Encoding.UTF8.GetString(Read(entry!)));
        }

        foreach (var template in new[] { "integration", "trust" })
        {
            var siteFile = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "templates", "MipSecure.Templates", "content", template, "mipsecure.json"));
            Assert.Contains($"\"$schema\": \"{RawSchemaAddress}\"", siteFile, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("net8.0")]
    [InlineData("netstandard2.0")]
    public void Every_Microsoft_Extensions_dependency_is_the_lowest_the_framework_supports(string framework)
    {
        foreach (var id in new[] { "MipSecure", "MipSecure.Trust" })
        {
            using var zip = ZipFile.OpenRead(_release.Package(id));
            var group = Nuspec(zip).Descendants().Single(e => e.Name.LocalName == "group" && string.Equals(e.Attribute("targetFramework")?.Value, framework == "net8.0" ? "net8.0" : ".NETStandard2.0", StringComparison.Ordinal));
            foreach (var dependency in group.Elements().Where(e => e.Name.LocalName == "dependency"))
            {
                var name = dependency.Attribute("id")!.Value;
                var version = dependency.Attribute("version")!.Value;
                if (name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name == "System.Diagnostics.DiagnosticSource")
                {
                    Assert.True(version == "8.0.0", $"{id} {framework}: {name} {version}");
                }
            }
        }
    }

    private static XDocument Nuspec(ZipArchive zip)
    {
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private static string SourceLinkOf(ZipArchiveEntry pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(Read(pdb)));
        var reader = provider.GetMetadataReader();
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == SourceLinkKind)
            {
                return Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
        }

        return string.Empty;
    }

    private static byte[] Read(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
