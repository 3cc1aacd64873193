using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace MipSecure.Robustness.Tests.Differential;

/// <summary>Runs <c>openssl verify</c> as a user would, on the files the chain was written to.</summary>
internal sealed class OpenSslVerifier
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);
    private static readonly Regex ErrorLine = new(@"error (\d+) at (\d+) depth lookup: ?(.*)", RegexOptions.CultureInvariant);

    private OpenSslVerifier(string path) => Path = path;

    public string Path { get; }

    /// <summary>Finds openssl on PATH, or <see langword="null"/>.</summary>
    public static OpenSslVerifier? Locate()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "openssl.exe" } : new[] { "openssl" };
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(folder => names.Select(name => System.IO.Path.Combine(folder, name)));
        var found = candidates.FirstOrDefault(File.Exists);
        return found is null ? null : new OpenSslVerifier(found);
    }

    public string Version()
    {
        var (_, output) = Run(new[] { "version" });
        return output.Trim();
    }

    /// <summary>Verifies as <c>openssl verify -x509_strict -purpose sslserver -policy_check -verify_hostname HOST -attime T</c>.</summary>
    /// <param name="anyPolicy">Adds <c>-policy 2.5.29.32.0</c>: RFC 5280's default user-initial-policy-set, which openssl verify does not assume.</param>
    public (bool Accepted, List<(int Code, int Depth, string Text)> Errors, string Output) Verify(string root, string? intermediate, string leaf, string host, DateTimeOffset at, bool anyPolicy = false)
    {
        var arguments = new List<string>
        {
            "verify", "-x509_strict", "-purpose", "sslserver", "-policy_check", "-verify_hostname", host,
            "-attime", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "-CAfile", root,
        };
        if (anyPolicy)
        {
            arguments.Add("-policy");
            arguments.Add("2.5.29.32.0");
        }

        if (intermediate is not null)
        {
            arguments.Add("-untrusted");
            arguments.Add(intermediate);
        }

        arguments.Add(leaf);
        var (exitCode, output) = Run(arguments);
        var errors = ErrorLine.Matches(output)
            .Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), m.Groups[3].Value.Trim()))
            .ToList();
        return (exitCode == 0, errors, output);
    }

    private (int ExitCode, string Output) Run(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit((int)Limit.TotalMilliseconds))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"openssl {string.Join(' ', start.ArgumentList)} did not finish within {Limit.TotalSeconds} s.");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
