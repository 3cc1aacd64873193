using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Packaging.Tests;

/// <summary>
/// The tool as users get it: installed from the feed with <c>dotnet tool install --tool-path</c>, then each command run as a
/// process. The native package and the framework-dependent fallback pass the same commands.
/// </summary>
[Collection(PackedReleaseGroup.Name)]
public sealed class ToolInstallTests
{
    private readonly PackedReleaseFixture _release;

    public ToolInstallTests(PackedReleaseFixture release)
    {
        _release = release;
    }

    [NativeToolFact]
    public void The_native_tool_for_this_platform_installs_from_the_feed_and_runs_every_command()
    {
        Assert.True(_release.HasNativePackage, $"The tool ships no Native AOT package for {_release.HostRuntime}; ToolPackageRuntimeIdentifiers lists {string.Join(", ", PackedReleaseFixture.NativeRuntimes)}.");
        var folder = _release.NewFolder("native-tool");

        // The pointer package: dotnet picks this platform's package from it.
        var tool = InstalledTool.Install(folder, "MipSecure.Cli");

        var store = Path.Combine(folder, "tools", ".store");
        var installed = string.Join("\n", Directory.EnumerateFileSystemEntries(store, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(store, path)));
        Assert.True(installed.Contains("mipsecure.cli." + _release.HostRuntime, StringComparison.Ordinal), "not the native package for " + _release.HostRuntime + ":\n" + installed);
        Assert.True(!installed.Contains("MipSecure.Cli.dll", StringComparison.Ordinal), "a managed assembly in the native tool:\n" + installed);

        // The entry point is the launcher, which runs verify itself; the full tool beside it runs the rest.
        var settings = Directory.EnumerateFiles(store, "DotnetToolSettings.xml", SearchOption.AllDirectories)
            .Single(path => Path.GetFileName(Path.GetDirectoryName(path)) == _release.HostRuntime);
        Assert.Contains("EntryPoint=\"MipSecure.Cli.Launcher", File.ReadAllText(settings), StringComparison.Ordinal);
        var fullTool = Path.Combine(Path.GetDirectoryName(settings)!, OperatingSystem.IsWindows() ? "MipSecure.Cli.exe" : "MipSecure.Cli");
        Assert.True(File.Exists(fullTool), "no full tool beside the launcher:\n" + installed);
        Assert.Equal(
            new[] { "DotnetToolSettings.xml", Path.GetFileName(fullTool), "MipSecure.Cli.Launcher" + (OperatingSystem.IsWindows() ? ".exe" : string.Empty) }.Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(Path.GetDirectoryName(settings)!).Select(Path.GetFileName).Where(name => name != ".signature.p7s").Order(StringComparer.Ordinal)!);
        RunEveryCommand(tool, folder);

        // Without the full tool, every command but verify says so in one coded line.
        File.Move(fullTool, fullTool + ".moved");
        try
        {
            var check = Run(tool, folder, "check", "mipsecure.json");
            Assert.Equal(1, check.ExitCode);
            var line = Assert.Single(check.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("MIPSEC5018", line, StringComparison.Ordinal);
            var verify = Run(tool, Path.Combine(folder, "run"), "verify", "certs/rec1.contoso.local.crt", "--ca", "ca/xprotect-certificate-authority.crt", "--host", "rec1.contoso.local");
            Assert.True(verify.ExitCode == 0, verify.ToString());
        }
        finally
        {
            File.Move(fullTool + ".moved", fullTool);
        }
    }

    [Fact]
    public void The_framework_dependent_fallback_installs_from_the_feed_and_runs_every_command()
    {
        var folder = _release.NewFolder("any-tool");

        // What platforms without a native package get from the pointer package; installed by its own id here, since on this
        // platform the pointer would choose the native one.
        var tool = InstalledTool.Install(folder, "MipSecure.Cli.any");

        Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(folder, "tools", ".store"), "MipSecure.Cli.dll", SearchOption.AllDirectories));
        RunEveryCommand(tool, folder);
    }

    private static void RunEveryCommand(string tool, string folder)
    {
        var work = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName;

        var help = Run(tool, work, "--help");
        Assert.Equal(0, help.ExitCode);
        foreach (var command in new[] { "demo", "verify", "check", "probe", "pki", "simulate", "explain" })
        {
            Assert.Matches(new Regex(@"^\s+" + command + @"\b", RegexOptions.Multiline), help.Output);
        }

        var explain = Run(tool, work, "explain", "MIPSEC1004");
        Assert.True(explain.ExitCode == 0, explain.ToString());
        Assert.StartsWith("# MIPSEC1004: Certificate expired", explain.Output, StringComparison.Ordinal);

        var createCa = Run(tool, work, "pki", "create-ca", "--out", "ca", "--key-size", "2048");
        Assert.True(createCa.ExitCode == 0, createCa.ToString());
        foreach (var host in new[] { "mgmt.contoso.local", "rec1.contoso.local" })
        {
            var issue = Run(tool, work, "pki", "issue", "--ca", "ca/xprotect-certificate-authority.pfx", "--host", host, "--out", "certs");
            Assert.True(issue.ExitCode == 0, issue.ToString());
        }

        var verify = Run(tool, work, "verify", "certs/rec1.contoso.local.crt", "--ca", "ca/xprotect-certificate-authority.crt", "--host", "rec1.contoso.local");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var misnamed = Run(tool, work, "verify", "certs/rec1.contoso.local.crt", "--ca", "ca/xprotect-certificate-authority.crt", "--host", "rec2.contoso.local", "--json");
        Assert.True(misnamed.ExitCode == 1, misnamed.ToString());
        Assert.Contains("MIPSEC1002", misnamed.Output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(work, "mipsecure.json"), """
            {
              "trust": { "caCertificates": ["ca/xprotect-certificate-authority.crt"] },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.contoso.local.crt" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.contoso.local.crt" } ]
            }
            """);
        var check = Run(tool, work, "check", "mipsecure.json", "--sarif", "check.sarif");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.True(File.Exists(Path.Combine(work, "check.sarif")));

        // The demo serves a simulated site with real TLS on loopback, finds its planted problems, and exits 1 for them.
        var demo = Run(tool, work, "demo", "--once");
        Assert.True(demo.ExitCode == 1, demo.ToString());
        Assert.Contains("MIPSEC1004", demo.Output, StringComparison.Ordinal);

        var unknown = Run(tool, work, "explain", "MIPSC1004");
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("did you mean MIPSEC1004?", unknown.Output, StringComparison.Ordinal);

        SimulateThenProbe(tool, work);
    }

    /// <summary>Serves the demo site with <c>simulate</c>, probes a recorder with the command it prints, and stops it with Ctrl+C.</summary>
    private static void SimulateThenProbe(string tool, string work)
    {
        using var simulate = Start(tool, work, "simulate");
        var output = new StringBuilder();
        using var ready = new ManualResetEventSlim();
        simulate.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data is not null && e.Data.Contains("Serving. Press Ctrl+C to stop.", StringComparison.Ordinal))
            {
                ready.Set();
            }
        };
        simulate.ErrorDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        simulate.BeginOutputReadLine();
        simulate.BeginErrorReadLine();
        try
        {
            Assert.True(ready.Wait(InstalledTool.Timeout), "simulate did not start serving:\n" + output);
            string printed;
            lock (output)
            {
                printed = output.ToString();
            }

            // Point a probe at Recorder 1 with what simulate printed: its address, the CA file, and the loopback mapping.
            var recorder = Regex.Match(printed, @"Recorder 1\s+(https://rec1\.contoso\.local:\d+/)");
            var caFile = Regex.Match(printed, @"^CA certificate: (\S+)", RegexOptions.Multiline);
            Assert.True(recorder.Success && caFile.Success, printed);
            var probe = Run(tool, work, "probe", recorder.Groups[1].Value, "--ca", caFile.Groups[1].Value, "--resolve", "rec1.contoso.local=127.0.0.1");
            Assert.True(probe.ExitCode == 0, probe + "\n--- simulate\n" + printed);
            Assert.Contains("rec1.contoso.local", probe.Output, StringComparison.Ordinal);
        }
        finally
        {
            Stop(simulate);
        }
    }

    private static Process Start(string tool, string work, params string[] arguments) => InstalledTool.Start(tool, work, arguments);

    private static void Stop(Process process)
    {
        if (process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            // Ctrl+C, as a user stops it: the tool shuts its servers down and removes its CA file.
            using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            interrupt.WaitForExit(10_000);
            if (process.WaitForExit(20_000))
            {
                return;
            }
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
    }

    private static ToolResult Run(string tool, string work, params string[] arguments) => InstalledTool.Run(tool, work, arguments);
}
