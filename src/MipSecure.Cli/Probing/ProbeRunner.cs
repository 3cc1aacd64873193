using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using Spectre.Console;

namespace MipSecure.Cli.Probing;

/// <summary>
/// Probes many endpoints with bounded concurrency, showing a progress bar on a terminal when there are more than a few.
/// Each probe is bounded by the prober's own timeout, so a hanging target never delays the report past it.
/// </summary>
internal static class ProbeRunner
{
    /// <summary>Above this many targets a progress bar is worth its screen space.</summary>
    public const int ProgressThreshold = 4;

    public static async Task<IReadOnlyList<ProbeResult>> RunAsync(
        EncryptionProber prober, IReadOnlyList<XProtectEndpoint> endpoints, int concurrency, CliConsole console, CancellationToken cancellationToken)
    {
        if (console.IsTerminal && endpoints.Count > ProgressThreshold)
        {
            var ansi = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(console.Error),
                Ansi = console.UseColor ? AnsiSupport.Yes : AnsiSupport.No,
                Interactive = InteractionSupport.Yes,
            });
            IReadOnlyList<ProbeResult> results = Array.Empty<ProbeResult>();
            await ansi.Progress().AutoClear(true).StartAsync(async progress =>
            {
                var task = progress.AddTask($"Probing {endpoints.Count} servers", maxValue: endpoints.Count);
                results = await ProbeAllAsync(prober, endpoints, concurrency, () => task.Increment(1), cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return results;
        }

        return await ProbeAllAsync(prober, endpoints, concurrency, static () => { }, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<ProbeResult>> ProbeAllAsync(
        EncryptionProber prober, IReadOnlyList<XProtectEndpoint> endpoints, int concurrency, Action completed, CancellationToken cancellationToken)
    {
        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));
        var probes = endpoints.Select(async endpoint =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await prober.ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
                completed();
            }
        }).ToList();
        return await Task.WhenAll(probes).ConfigureAwait(false);
    }
}
