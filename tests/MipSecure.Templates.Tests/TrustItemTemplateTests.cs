using System;
using System.IO;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Templates.Tests;

/// <summary><c>mipsecure-trust</c> added to an existing project: the site file, the certs folder and a build check that runs.</summary>
[Collection(TemplatePackGroup.Name)]
public sealed class TrustItemTemplateTests
{
    private readonly TemplatePackFixture _pack;

    public TrustItemTemplateTests(TemplatePackFixture pack)
    {
        _pack = pack;
    }

    [Fact]
    public void Adds_the_site_file_and_the_build_check_which_fails_without_the_ca_and_passes_with_it()
    {
        var project = _pack.NewFolder("existing");
        File.WriteAllText(Path.Combine(project, "Existing.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);

        var added = _pack.New(project, "mipsecure-trust");

        Assert.True(added.ExitCode == 0, added.ToString());
        Snapshot.Verify(TemplatePackFixture.FileList(project));
        var projectFile = File.ReadAllText(Path.Combine(project, "Existing.csproj"));
        Assert.Contains($"<PackageReference Include=\"MipSecure.Build\" Version=\"{TemplatePackFixture.PackageVersion}\"", projectFile, StringComparison.Ordinal);
        Assert.Contains("<PrivateAssets>all</PrivateAssets>", projectFile, StringComparison.Ordinal);

        var withoutCa = Build(project);
        Assert.Equal(1, withoutCa.ExitCode);
        Assert.Matches(@"mipsecure\.json\(\d+,\d+\): MipSecure error MIPSEC3\d{3}:", withoutCa.Output);

        var authority = CertificateAuthority.CreateRoot("Contoso Site Root");
        File.WriteAllText(Path.Combine(project, "certs", "site-root.crt"), CertificateAuthority.ExportPem(authority.Certificate));
        var withCa = Build(project);
        Assert.True(withCa.ExitCode == 0, withCa.ToString());
        Assert.Contains("MipSecure: checked", withCa.Output, StringComparison.Ordinal);
    }

    private static DotnetResult Build(string folder) =>
        TemplatePackFixture.Dotnet(folder, "build", "Existing.csproj", "-warnaserror", "--disable-build-servers", "-nologo", "-tl:off", "-v:n");
}
