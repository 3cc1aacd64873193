using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Demo;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;
using MipSecure.Trust.Configuration;

namespace MipSecure.Cli.Commands;

/// <summary>
/// <c>mipsecure simulate [site.json]</c>: serve a simulated site until Ctrl+C or SIGTERM, ready for a client in another process: the
/// password from a variable (or printed), fixed ports from the file or <c>--port-base</c>, the CA where <c>--ca-out</c> says, a
/// ready-to-paste <c>MipSecure</c> appsettings section and the camera ids, or with <c>--json</c> one document that says it all.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string?>("site.json")
        {
            Description = "A mipsecure.json whose servers to simulate (a URI's explicit port is used as is). Without it, the demo site is served.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var passwordVariable = new Option<string?>("--password-variable") { Description = "The environment variable holding the password the site's user gets. Without it a password is generated and printed." };
        var portBase = new Option<int?>("--port-base") { Description = "Listen on fixed ports from N upwards, one per listener, in the order the servers are listed." };
        var caOut = new Option<string?>("--ca-out") { Description = "Write the site's CA certificate (PEM) to this file; it is removed when the site stops." };
        var json = new Option<bool>("--json") { Description = "Print one JSON document once listening: servers, roles, host map, CA file, user and cameras." };
        var command = new Command("simulate", CommonOptions.WithExample("Serve a simulated XProtect site with real TLS on 127.0.0.1 until Ctrl+C, for testing integrations.", "mipsecure simulate --port-base 17000 --password-variable SIM_PASSWORD --ca-out site-ca.crt"))
        {
            file, passwordVariable, portBase, caOut, json,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(ct => SimulatorHost.RunAsync(token => RunAsync(context, parse.GetValue(file), parse.GetValue(passwordVariable), parse.GetValue(portBase), parse.GetValue(caOut), parse.GetValue(json), token), ct), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string? path, string? passwordVariable, int? portBase, string? caOut, bool asJson, CancellationToken cancellationToken)
    {
        var console = context.Console;
        string password;
        var printPassword = passwordVariable is null;
        if (passwordVariable is not null)
        {
            password = context.ReadSecret("--password-variable", passwordVariable, "the password the simulated site's user should have");
        }
        else
        {
            password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y');
        }

        if (portBase is { } first && (first < 1024 || first > 65000))
        {
            await console.Error.WriteLineAsync($"--port-base: {first} is not a port from 1024 to 65000; pick a free range, for example --port-base 17000.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (caOut is not null && File.Exists(caOut))
        {
            await console.Error.WriteLineAsync($"--ca-out: {caOut} exists already; MipSecure does not overwrite it. Remove it or name another file.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var builder = SimulatedSite.CreateBuilder();
        IReadOnlyList<int?> filePorts;
        if (path is null)
        {
            DemoSite.Describe(builder);
            filePorts = builder.Servers.Select(_ => (int?)null).ToList();
        }
        else
        {
            var loaded = SiteConfigurationLoader.Load(path);
            if (loaded.HasErrors || loaded.Configuration is null)
            {
                foreach (var finding in loaded.Findings)
                {
                    await console.Error.WriteLineAsync(finding.ToString()).ConfigureAwait(false);
                }

                return ExitCodes.UnreadableInput;
            }

            ConfiguredSite.Describe(builder, loaded.Configuration);
            filePorts = loaded.Configuration.Servers.Select(s => s.Endpoints.Count > 0 && !s.Endpoints[0].Uri.IsDefaultPort ? s.Endpoints[0].Uri.Port : (int?)null).ToList();
        }

        var site = await StartAsync(builder, filePorts, portBase, password, cancellationToken).ConfigureAwait(false);
        await using (site.ConfigureAwait(false))
        {
            var caFile = Path.GetFullPath(caOut ?? Path.Combine(Path.GetTempPath(), $"mipsecure-simulated-site-ca-{site.ManagementServer.Uri.Port}.crt"));
            await File.WriteAllTextAsync(caFile, site.RootCertificatePem, CancellationToken.None).ConfigureAwait(false);
            try
            {
                if (asJson)
                {
                    await console.Out.WriteLineAsync(Document(site, caFile, passwordVariable, printPassword ? password : null)).ConfigureAwait(false);
                }
                else
                {
                    await console.Out.WriteLineAsync($"Simulating {site.Servers.Count} servers{(path is null ? " (the demo site)" : " from " + path)}.").ConfigureAwait(false);
                    await WriteHelpAsync(site, caFile, passwordVariable, printPassword ? password : null, console.Out).ConfigureAwait(false);
                }

                await console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                await WaitForStopAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                File.Delete(caFile);
            }
        }

        return ExitCodes.Success;
    }

    private static Task<SimulatedSite> StartAsync(SimulatedSiteBuilder described, IReadOnlyList<int?> filePorts, int? portBase, string password, CancellationToken cancellationToken)
    {
        var builder = SimulatedSite.CreateBuilder();
        var next = portBase ?? 0;
        for (var i = 0; i < described.Servers.Count; i++)
        {
            var definition = described.Servers[i];
            if (portBase is not null)
            {
                var hasCompanion = definition.Encrypted && definition.Role is ServerRole.ManagementServer or ServerRole.MobileServer;
                definition = definition with { Port = next++, PlaintextPort = hasCompanion ? next++ : null };
            }
            else if (filePorts[i] is { } port)
            {
                definition = definition with { Port = port };
            }

            builder.AddServer(definition);
        }

        return builder.WithCredentials("operator", password).StartAsync(cancellationToken);
    }

    /// <summary>Completes on Ctrl+C (the command's cancellation) or SIGTERM.</summary>
    private static async Task WaitForStopAsync(CancellationToken cancellationToken)
    {
        using var terminated = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var sigterm = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            terminated.Cancel();
        });
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, terminated.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping is the normal end.
        }
    }

    private static IEnumerable<(SimulatedServer Recorder, SimulatedCamera Camera)> Cameras(SimulatedSite site) =>
        site.Servers.SelectMany(s => s.Cameras.Select(c => (s, c)));

    private static async Task WriteHelpAsync(SimulatedSite site, string caFile, string? passwordVariable, string? password, TextWriter output)
    {
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Servers:").ConfigureAwait(false);
        foreach (var server in site.Servers)
        {
            var addresses = string.Join(", ", server.Endpoints.Select(e => e.Uri.ToString()));
            await output.WriteLineAsync($"  {server.Role,-17} {server.Name,-18} {addresses}").ConfigureAwait(false);
        }

        await output.WriteLineAsync("Cameras:").ConfigureAwait(false);
        foreach (var (recorder, camera) in Cameras(site))
        {
            await output.WriteLineAsync($"  {camera.Id:D}  {camera.Name} on {recorder.Name}").ConfigureAwait(false);
        }

        await output.WriteLineAsync($"User: {site.Credentials.UserName}, password {(password is null ? "from " + passwordVariable : password + " (simulated site only)")}").ConfigureAwait(false);
        await output.WriteLineAsync($"CA certificate: {caFile}").ConfigureAwait(false);
        await output.WriteLineAsync("Paste into appsettings.json (the host names do not resolve; MipSecure dials them at 127.0.0.1):").ConfigureAwait(false);
        await output.WriteLineAsync(AppSettings(site, caFile)).ConfigureAwait(false);
        await output.WriteLineAsync(DemoCommand.ReadyLine).ConfigureAwait(false);
    }

    private static string AppSettings(SimulatedSite site, string caFile)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            WriteMipSecureSection(writer, site, caFile);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteMipSecureSection(Utf8JsonWriter writer, SimulatedSite site, string caFile)
    {
        writer.WriteStartObject("MipSecure");
        writer.WriteStartArray("CaCertificateFiles");
        writer.WriteStringValue(caFile);
        writer.WriteEndArray();
        writer.WriteStartObject("AddressOverrides");
        foreach (var host in site.HostMap.Keys.OrderBy(h => h, StringComparer.Ordinal))
        {
            writer.WriteString(host, "127.0.0.1");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string Document(SimulatedSite site, string caFile, string? passwordVariable, string? password)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("managementServer", site.ManagementServer.Uri.ToString());
            json.WriteStartArray("servers");
            foreach (var server in site.Servers)
            {
                json.WriteStartObject();
                json.WriteString("name", server.Name);
                json.WriteString("role", server.Role.ToString());
                json.WriteString("uri", server.Uri.ToString());
                json.WriteStartArray("uris");
                foreach (var endpoint in server.Endpoints)
                {
                    json.WriteStringValue(endpoint.Uri.ToString());
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("hostMap");
            foreach (var host in site.HostMap.Keys.OrderBy(h => h, StringComparer.Ordinal))
            {
                json.WriteString(host, "127.0.0.1");
            }

            json.WriteEndObject();
            json.WriteString("caFile", caFile);
            json.WriteString("user", site.Credentials.UserName);
            if (password is null)
            {
                json.WriteString("passwordVariable", passwordVariable);
            }
            else
            {
                json.WriteString("password", password);
            }

            json.WriteStartArray("cameras");
            foreach (var (recorder, camera) in Cameras(site))
            {
                json.WriteStartObject();
                json.WriteString("id", camera.Id.ToString("D"));
                json.WriteString("name", camera.Name);
                json.WriteString("recorder", recorder.Name);
                json.WriteString("recorderUri", recorder.Uri.ToString());
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("appsettings");
            WriteMipSecureSection(json, site, caFile);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
