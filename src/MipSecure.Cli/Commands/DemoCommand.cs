using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Collections.Generic;
using MipSecure.Cli.Audit;
using MipSecure.Cli.Demo;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Cli.Output;
using MipSecure.Testing.Simulation;

namespace MipSecure.Cli.Commands;

/// <summary>
/// <c>mipsecure demo [--once]</c>: <c>audit</c> against the built-in simulated site on loopback: the same code path and the
/// same report as a live site, logged in with the site's own user and trusting the site's own CA.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var once = new Option<bool>("--once") { Description = "Print the report and exit with its exit code instead of serving until Ctrl+C." };
        var json = CommonOptions.Json();
        var command = new Command("demo", CommonOptions.WithExample("Start a simulated XProtect site with real TLS on 127.0.0.1 and audit it as 'mipsecure audit' audits a live site: log in, discover, probe, prove the login, print the findings.", "mipsecure demo --once"))
        {
            once, json,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(ct => SimulatorHost.RunAsync(token => RunAsync(context, parse.GetValue(once), parse.GetValue(json), token), ct), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, bool once, bool asJson, CancellationToken ct)
    {
        var console = context.Console;
        if (!asJson)
        {
            await console.Out.WriteLineAsync("Starting a simulated XProtect site on 127.0.0.1 ...").ConfigureAwait(false);
        }

        await using var site = await DemoSite.StartAsync(ct).ConfigureAwait(false);
        if (!asJson)
        {
            await console.Out.WriteLineAsync($"Started {site.Servers.Count} servers. Discovering them through the management server at {site.ManagementServer.Uri} and probing each one ...").ConfigureAwait(false);
            await console.Out.WriteLineAsync().ConfigureAwait(false);
        }

        var exitCode = await AuditCommand.RunAndReportAsync(AuditOptionsFor(site, context.TimeProvider), context, asJson, null, null, ct).ConfigureAwait(false);
        if (once)
        {
            return exitCode;
        }

        var caFile = await WriteConnectionHelpAsync(site, console.Out).ConfigureAwait(false);
        return await ServeUntilCancelledAsync(caFile, ct).ConfigureAwait(false);
    }

    /// <summary>The audit of a simulated site: its management server, its user, its CA, its host names mapped to 127.0.0.1.</summary>
    internal static AuditOptions AuditOptionsFor(SimulatedSite site, TimeProvider timeProvider) =>
        new(site.ManagementServer.Uri, new BasicUserLogin(site.Credentials.UserName, site.Credentials.Password), site.TrustAnchors)
        {
            AddressOverrides = new AddressOverrides(site.HostMap.Keys.Select(host => new KeyValuePair<string, string>(host, "127.0.0.1"))),
            Concurrency = 8,
            TimeProvider = timeProvider,
        };

    /// <summary>Writes the site's CA to a temp file and tells how to point a client at the site; returns the CA file.</summary>
    internal static async Task<string> WriteConnectionHelpAsync(SimulatedSite site, TextWriter output)
    {
        // One file per running site (named after its management server's port), so that two sites never write the same file.
        var caFile = Path.Combine(Path.GetTempPath(), $"mipsecure-simulated-site-ca-{site.ManagementServer.Uri.Port}.crt");
        await File.WriteAllTextAsync(caFile, site.RootCertificatePem).ConfigureAwait(false);
        var resolves = string.Join(" ", site.HostMap.Keys.OrderBy(h => h, StringComparer.Ordinal).Select(h => $"--resolve {h}=127.0.0.1"));
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("The site keeps serving until Ctrl+C. To point a client at it:").ConfigureAwait(false);
        await output.WriteLineAsync($"  trust the site's CA:  {caFile}").ConfigureAwait(false);
        await output.WriteLineAsync("  map its host names to 127.0.0.1 (they do not resolve), for example:").ConfigureAwait(false);
        await output.WriteLineAsync($"    mipsecure probe {site.RecordingServers[0].Uri} --ca {caFile} {resolves}").ConfigureAwait(false);
        await output.WriteLineAsync("  servers:").ConfigureAwait(false);
        foreach (var server in site.Servers)
        {
            var addresses = string.Join(", ", server.Endpoints.Select(e => $"{e.Uri} -> 127.0.0.1:{e.Port}"));
            await output.WriteLineAsync($"    {server.Name,-18} {addresses}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"  management server user (simulated site only): {site.Credentials.UserName}").ConfigureAwait(false);
        await output.WriteLineAsync(ReadyLine).ConfigureAwait(false);
        return caFile;
    }

    /// <summary>The line that says the site is ready and waiting; tests and scripts wait for it.</summary>
    internal const string ReadyLine = "Serving. Press Ctrl+C to stop.";

    internal static async Task<int> ServeUntilCancelledAsync(string caFile, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the site is disposed by the caller's await using; its CA file goes with it.
            File.Delete(caFile);
        }

        return ExitCodes.Success;
    }
}
