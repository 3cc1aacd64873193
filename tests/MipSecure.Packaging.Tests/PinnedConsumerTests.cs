using System;
using System.IO;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Packaging.Tests;

/// <summary>A .NET 8 shop's app: Microsoft.Extensions pinned to 8.0.x, warnings as errors, MipSecure added from the feed.</summary>
[Collection(PackedReleaseGroup.Name)]
public sealed class PinnedConsumerTests
{
    private readonly PackedReleaseFixture _release;

    public PinnedConsumerTests(PackedReleaseFixture release)
    {
        _release = release;
    }

    [Fact]
    public void A_net8_app_that_pins_Microsoft_Extensions_8_0_builds_with_warnings_as_errors_and_runs_on_those_versions()
    {
        var folder = _release.NewFolder("PinnedApp");
        File.WriteAllText(Path.Combine(folder, "PinnedApp.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net8.0</TargetFramework>
                <RollForward>Major</RollForward>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="MipSecure" Version="{PackedReleaseFixture.PackageVersion}" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection" Version="8.0.0" />
                <PackageReference Include="Microsoft.Extensions.DependencyInjection.Abstractions" Version="8.0.0" />
                <PackageReference Include="Microsoft.Extensions.Options" Version="8.0.0" />
                <PackageReference Include="Microsoft.Extensions.Logging.Abstractions" Version="8.0.0" />
                <PackageReference Include="Microsoft.Extensions.Http" Version="8.0.0" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), """
            using System;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Options;
            using MipSecure.Options;

            using var provider = new ServiceCollection().AddMipSecure(o => o.TrustRootStore = true).BuildServiceProvider();
            var options = provider.GetRequiredService<IOptions<MipSecureOptions>>().Value;
            Console.WriteLine("options " + typeof(IOptions<>).Assembly.GetName().Version + " " + (options is not null));
            """);

        var build = PackedReleaseFixture.Dotnet(folder, "build", "-warnaserror", "--disable-build-servers", "-nologo", "-tl:off");

        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.DoesNotContain("NU1605", build.Output, StringComparison.Ordinal);
        var assets = File.ReadAllText(Path.Combine(folder, "obj", "project.assets.json"));
        Assert.Contains("\"Microsoft.Extensions.Options/8.0.0\"", assets, StringComparison.Ordinal);
        Assert.Contains("\"Microsoft.Extensions.Http/8.0.0\"", assets, StringComparison.Ordinal);
        var run = PackedReleaseFixture.Dotnet(folder, "bin/Debug/net8.0/PinnedApp.dll");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("options 8.0.0.0 True", run.Output, StringComparison.Ordinal);
    }
}
