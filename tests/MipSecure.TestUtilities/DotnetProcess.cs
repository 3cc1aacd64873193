using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;

namespace MipSecure.TestUtilities;

/// <summary>The result of a finished <c>dotnet</c> command: exit code and combined output.</summary>
public sealed record DotnetResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"dotnet {Command}: exit code {ExitCode}\n{Output}";
}

/// <summary>Runs <c>dotnet</c> with a time limit, isolated from the MSBuild environment of the running test host.</summary>
public static class DotnetProcess
{
    private static readonly TimeSpan OutputDrainLimit = TimeSpan.FromSeconds(30);

    public static DotnetResult Run(string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No terminal: help text wraps at the same width wherever the tests run.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // 'dotnet test' sets these for the test host; a child build must find its own SDK settings.
        // NUGET_PACKAGES would override the private packages folder of IsolatedNuGetConfig, and with the fixed test package
        // versions a machine-wide folder would hand out a package extracted by an earlier run.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH", "NUGET_PACKAGES" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";
        // Assertions and snapshots read the messages of the CLI, MSBuild and VSTest: English on every machine.
        start.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en-US";
        if (environment is not null)
        {
            foreach (var pair in environment)
            {
                start.Environment[pair.Key] = pair.Value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit((int)timeout.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            DrainOutput(process);
            throw new TimeoutException($"dotnet {string.Join(" ", arguments)} did not finish within {timeout}.\n{output}");
        }

        DrainOutput(process);
        lock (output)
        {
            return new DotnetResult(string.Join(" ", arguments), process.ExitCode, output.ToString());
        }
    }

    /// <summary>
    /// Waits for the end of stdout and stderr, so the output is complete, but within a limit: a descendant that inherited
    /// them (a build server, a test host) could hold them open for ever. WaitForExit(int) alone would not wait for the end.
    /// </summary>
    private static void DrainOutput(Process process)
    {
        using var limit = new CancellationTokenSource(OutputDrainLimit);
        try
        {
            process.WaitForExitAsync(limit.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            // What was read so far is the output.
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
