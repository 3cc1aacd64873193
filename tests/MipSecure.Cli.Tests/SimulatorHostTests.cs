using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using MipSecure.Cli.Demo;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>
/// How demo and simulate find the ASP.NET Core runtime for their child process, in dotnet roots laid out as the installers
/// lay them out. The whole path, with a real child process, is run by the packaging tests and by SimulateForOtherProcessesTests.
/// </summary>
public sealed class SimulatorHostTests : IDisposable
{
    private readonly TempDirectory _root = new("mipsecure-dotnet-root");

    [Fact]
    public void The_newest_ASP_NET_Core_runtime_of_the_running_major_is_chosen()
    {
        Install("dotnet", "8.0.11", "10.0.1", "10.0.12", "11.0.0-preview.1.25080.5");

        var runtime = SimulatorHost.FindAspNetCoreRuntime(_root.Path, 10, isChild: false);

        Assert.Equal(Path.Combine(_root.Path, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"), runtime.Host);
        Assert.Equal("10.0.12", runtime.Version);
    }

    [Fact]
    public void Only_another_major_is_MIPSEC5017_naming_the_folder_and_both_fixes()
    {
        Install("dotnet", "8.0.11");

        var error = Assert.Throws<MipSecureException>(() => SimulatorHost.FindAspNetCoreRuntime(_root.Path, 10, isChild: false));

        Assert.Equal(MipSecCodes.AspNetCoreRuntimeMissing, error.Code);
        Assert.Equal("MIPSEC5017", error.Code.Id);
        Assert.Contains(_root.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("ASP.NET Core runtime 10", error.Remedy, StringComparison.Ordinal);
        Assert.Contains("native mipsecure", error.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void No_ASP_NET_Core_folder_at_all_is_MIPSEC5017()
    {
        Install("dotnet");

        var error = Assert.Throws<MipSecureException>(() => SimulatorHost.FindAspNetCoreRuntime(_root.Path, 10, isChild: false));

        Assert.Equal(MipSecCodes.AspNetCoreRuntimeMissing, error.Code);
    }

    [Fact]
    public void A_child_that_has_no_ASP_NET_Core_in_process_does_not_start_another_child()
    {
        Install("dotnet", "10.0.12");

        var error = Assert.Throws<MipSecureException>(() => SimulatorHost.FindAspNetCoreRuntime(_root.Path, 10, isChild: true));

        Assert.Equal(MipSecCodes.AspNetCoreRuntimeMissing, error.Code);
    }

    [Fact]
    public void This_test_host_has_ASP_NET_Core_in_process_so_the_commands_run_here()
    {
        // The test project gets the simulator's framework reference, as the Native AOT build compiles it in.
        Assert.True(SimulatorHost.AspNetCoreIsInProcess());
    }

    [Fact]
    public void The_built_tool_runs_on_the_NET_runtime_alone_and_its_simulator_config_adds_ASP_NET_Core()
    {
        // What 'dotnet run --project src/MipSecure.Cli' runs: the tool's build folder.
        var configuration = typeof(SimulatorHostTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var tool = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "src", "MipSecure.Cli", "bin", configuration), "MipSecure.Cli.runtimeconfig.json", SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First();
        var simulator = Path.Combine(Path.GetDirectoryName(tool)!, SimulatorHost.RuntimeConfigFileName);

        var toolOptions = RuntimeOptions(tool);
        var simulatorOptions = RuntimeOptions(simulator);

        Assert.False(toolOptions.TryGetProperty("frameworks", out _));
        Assert.Equal("Microsoft.NETCore.App", toolOptions.GetProperty("framework").GetProperty("name").GetString());
        var frameworks = simulatorOptions.GetProperty("frameworks").EnumerateArray().ToList();
        Assert.Equal(["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"], frameworks.Select(f => f.GetProperty("name").GetString()));
        Assert.All(frameworks, f => Assert.Equal(toolOptions.GetProperty("framework").GetProperty("version").GetString(), f.GetProperty("version").GetString()));
        Assert.Equal(toolOptions.GetProperty("rollForward").GetString(), simulatorOptions.GetProperty("rollForward").GetString());
        Assert.Equal(toolOptions.GetProperty("configProperties").GetRawText(), simulatorOptions.GetProperty("configProperties").GetRawText());
    }

    public void Dispose() => _root.Dispose();

    private static JsonElement RuntimeOptions(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").Clone();
    }

    private void Install(string host, params string[] aspNetCoreVersions)
    {
        File.WriteAllText(Path.Combine(_root.Path, OperatingSystem.IsWindows() ? host + ".exe" : host), string.Empty);
        foreach (var version in aspNetCoreVersions)
        {
            Directory.CreateDirectory(Path.Combine(_root.Path, "shared", "Microsoft.AspNetCore.App", version));
        }
    }
}
