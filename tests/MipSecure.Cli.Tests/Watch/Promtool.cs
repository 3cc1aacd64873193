using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit.Sdk;

namespace MipSecure.Cli.Tests.Watch;

/// <summary>
/// Runs Prometheus' own promtool (Debian package <c>prometheus</c>; .ci/run installs it). A missing promtool fails the
/// test with the install command: these checks are the proof that Prometheus reads what the watcher serves.
/// </summary>
internal static class Promtool
{
    public static string Path()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, OperatingSystem.IsWindows() ? "promtool.exe" : "promtool"))
            .FirstOrDefault(File.Exists);
        return found ?? throw new XunitException(
            "promtool is not on PATH. Install it (Debian/Ubuntu: apt-get install -y prometheus) or run .ci/run, which installs it when missing.");
    }

    public static async Task<(int ExitCode, string Output)> RunAsync(string? standardInput, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Path())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException("promtool " + string.Join(" ", args) + " did not finish within 60 s.");
        }

        return (process.ExitCode, await output + await error);
    }
}
