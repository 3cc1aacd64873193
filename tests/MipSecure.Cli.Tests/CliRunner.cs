using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace MipSecure.Cli.Tests;

/// <summary>Runs the tool in-process with captured output, a fake clock and a private environment.</summary>
internal sealed class CliRunner
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public CliRunner(bool realTime = false) => Time = realTime ? TimeProvider.System : Clock;

    public FakeTimeProvider Clock { get; } = new(Now);

    /// <summary>The tool's clock: the fake one, or the real one for commands that talk to live servers with timeouts.</summary>
    public TimeProvider Time { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, new StringWriter(), CancellationToken.None);

    public async Task<CliResult> RunAsync(string[] args, StringWriter output, CancellationToken cancellationToken)
    {
        var error = new StringWriter();
        var console = new CliConsole(output, error, isTerminal: false, useColor: false);
        var context = new CliContext(console, Time, name => Environment.TryGetValue(name, out var value) ? value : null);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        var exitCode = await MipSecureCommandLine.RunAsync(args, context, timeout.Token);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}--- stderr\n{Error}";
}
