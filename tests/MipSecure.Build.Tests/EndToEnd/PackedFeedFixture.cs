using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using MipSecure.Build.Tests.TestSupport;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Build.Tests.EndToEnd;

/// <summary>
/// Packs MipSecure.Build into a temporary feed once, and prepares consumer projects outside the repository that restore it
/// into an isolated packages folder, so no machine-wide cache or repository setting takes part.
/// </summary>
public sealed class PackedFeedFixture : IDisposable
{
    public const string PackageVersion = "0.1.0-e2e";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(5);
    private readonly TempDirectory _root = new("mipsecure-e2e");

    public PackedFeedFixture()
    {
        Feed = Directory.CreateDirectory(Path.Combine(_root.Path, "feed")).FullName;
        Packages = Path.Combine(_root.Path, "packages");
        var configuration = typeof(PackedFeedFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "MipSecureBuildConfiguration").Value!;
        var project = Path.Combine(RepositoryPaths.Root, "src", "MipSecure.Build", "MipSecure.Build.csproj");

        // The test project builds MipSecure.Build and its analyzer; pack what was built rather than building it again.
        var pack = DotnetProcess.Run(RepositoryPaths.Root, CommandTimeout, environment: null,
            "pack", project, "-c", configuration, "--no-build", "-o", Feed, "-p:PackageVersion=" + PackageVersion, "-nologo", "--disable-build-servers");
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed: " + pack);
        }

        PackagePath = Path.Combine(Feed, $"MipSecure.Build.{PackageVersion}.nupkg");
        IsolatedNuGetConfig.Write(_root.Path, Feed, Packages);

        Certificates = new TestCertificates(Path.Combine(_root.Path, "site", "certs"));
        Certificates.Good("mgmt.crt", "mgmt.contoso.local");
        Certificates.Good("rec1.crt", "rec1.contoso.local");
        Certificates.Untrusted("rec1-foreign.crt", "rec1.contoso.local");
        Certificates.Good("rec1-misnamed.crt", "recorder.contoso.local");
        Certificates.Expiring("rec1-expired.crt", "rec1.contoso.local", TimeSpan.FromDays(-3));
        Certificates.Expiring("rec1-expiring.crt", "rec1.contoso.local", TimeSpan.FromDays(15));
    }

    public string Feed { get; }

    public string Packages { get; }

    public string PackagePath { get; }

    public TestCertificates Certificates { get; }

    /// <summary>Creates a class library project under the fixture's root that references the packed package.</summary>
    public string CreateConsumer(string name, IReadOnlyDictionary<string, string>? files = null, string targetFrameworks = "net10.0")
    {
        var frameworks = targetFrameworks.Contains(';', StringComparison.Ordinal)
            ? $"<TargetFrameworks>{targetFrameworks}</TargetFrameworks>"
            : $"<TargetFramework>{targetFrameworks}</TargetFramework>";
        var folder = Directory.CreateDirectory(Path.Combine(_root.Path, name)).FullName;
        File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                {frameworks}
                <LangVersion>latest</LangVersion>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MipSecure.Build" Version="{PackageVersion}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Greeting.cs"), "namespace Consumer;\n\npublic static class Greeting\n{\n    public static string Text => \"hello\";\n}\n");
        foreach (var file in files ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(folder, file.Key), file.Value);
        }

        return folder;
    }

    /// <summary>Writes a site file beside the certificates and returns its full path.</summary>
    public string WriteSite(string fileName, string recordingServerCertificate, string recordingServerScheme = "https") =>
        SiteFiles.Write(Certificates, fileName, recordingServerCertificate, recordingServerScheme);

    public static DotnetResult Dotnet(string folder, params string[] arguments) =>
        DotnetProcess.Run(folder, CommandTimeout, environment: null, arguments);

    public void Dispose()
    {
        Certificates.Dispose();
        _root.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PackedFeedGroup : ICollectionFixture<PackedFeedFixture>
{
    public const string Name = "Packed MipSecure.Build";
}
