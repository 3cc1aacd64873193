using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using Xunit;

namespace MipSecure.Packaging.Tests;

/// <summary>The tool installed from the feed with <c>dotnet tool install --tool-path</c>, and run as a process, as users run it.</summary>
internal static class InstalledTool
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Installs <paramref name="packageId"/> into <paramref name="folder"/>/tools and returns the command's path.</summary>
    public static string Install(string folder, string packageId)
    {
        var install = PackedReleaseFixture.Dotnet(folder, "tool", "install", packageId, "--tool-path", Path.Combine(folder, "tools"), "--version", PackedReleaseFixture.PackageVersion);
        Assert.True(install.ExitCode == 0, install.ToString());
        var tool = Path.Combine(folder, "tools", OperatingSystem.IsWindows() ? "mipsecure.exe" : "mipsecure");
        Assert.True(File.Exists(tool), install.ToString());
        return tool;
    }

    /// <summary>Starts the tool with redirected streams; <paramref name="configure"/> adjusts its environment.</summary>
    public static Process Start(string tool, string work, IReadOnlyList<string> arguments, Action<IDictionary<string, string?>>? configure = null)
    {
        var start = new ProcessStartInfo(tool)
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        configure?.Invoke(start.Environment);
        return Process.Start(start)!;
    }

    /// <summary>Runs the tool to its end (within <see cref="Timeout"/>) with no input.</summary>
    public static ToolResult Run(string tool, string work, IReadOnlyList<string> arguments, Action<IDictionary<string, string?>>? configure = null)
    {
        using var process = Start(tool, work, arguments, configure);
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"mipsecure {string.Join(" ", arguments)} did not finish within {Timeout}.");
        }

        return new ToolResult(string.Join(" ", arguments), process.ExitCode, output.GetAwaiter().GetResult() + error.GetAwaiter().GetResult());
    }
}

/// <summary>What one run of the tool printed and returned.</summary>
internal sealed record ToolResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"mipsecure {Command}: exit code {ExitCode}\n{Output}";
}
