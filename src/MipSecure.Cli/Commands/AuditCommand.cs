using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Audit;
using MipSecure.Cli.Output;
using MipSecure.Cli.Probing;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Discovery;
using MipSecure.Trust;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Commands;

/// <summary>
/// <c>mipsecure audit MGMT-URI (--user NAME --password-variable VAR | --windows) [--ca FILE]… [--resolve HOST=ADDRESS]…
/// [--address local|public|both] [--camera GUID] [--include-disabled] [--timeout S] [--concurrency N] [--json] [--sarif FILE]
/// [--write-config FILE]</c>: log in to a live site, discover every server, probe each, prove the login, apply the rules.
/// </summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var uri = new Argument<string>("MGMT-URI") { Description = "The management server, for example https://mgmt.contoso.local/." };
        var user = new Option<string?>("--user") { Description = "The user: a basic user, or DOMAIN\\NAME with --windows." };
        var passwordVariable = new Option<string?>("--password-variable") { Description = "The environment variable that holds the password (a password is never given on the command line)." };
        var windows = new Option<bool>("--windows") { Description = "Log in as a Windows user: the process's own identity, or --user DOMAIN\\NAME with --password-variable." };
        var ca = CommonOptions.CaFiles("A CA certificate the site's clients trust. Repeat for several. Without it, Windows uses the machine's trusted roots.");
        var resolve = CommonOptions.Resolve();
        var address = new Option<AddressSelection>("--address") { Description = "Where the audit stands: local (webServerUri), public (the public address of servers with public access), or both (every address clients use; each certificate must name every such host).", DefaultValueFactory = _ => AddressSelection.Local };
        var camera = new Option<Guid?>("--camera") { Description = "A camera id to fetch the proof frame from on each recording server. Default: the first enabled camera the configuration lists on each recorder's hardware." };
        var includeDisabled = new Option<bool>("--include-disabled") { Description = "Audit disabled servers too (the REST API lists enabled ones unless asked)." };
        var timeout = CommonOptions.Timeout("Seconds to wait for each server or step before reporting it.");
        var concurrency = CommonOptions.Concurrency();
        var json = CommonOptions.Json();
        var sarif = new Option<string?>("--sarif") { Description = "Also write the findings as SARIF 2.1.0 to this file." };
        var writeConfig = new Option<string?>("--write-config") { Description = "Save the site as a mipsecure.json (with each presented certificate in a certs folder beside it) for mipsecure check and MipSecure.Build." };

        var command = new Command("audit", CommonOptions.WithExample(
            "Log in to a live site, discover every server, probe each one, prove the login on each recording server, and apply the site rules.",
            "mipsecure audit https://mgmt.contoso.local/ --user auditor --password-variable XPROTECT_PASSWORD --ca ca/contoso-xprotect-ca.crt --write-config mipsecure.json"))
        {
            uri, user, passwordVariable, windows, ca, resolve, address, camera, includeDisabled, timeout, concurrency, json, sarif, writeConfig,
        };
        command.Validators.Add(r =>
        {
            var text = r.GetValue(uri);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                r.AddError($"'{text}' is not an http:// or https:// address of a management server.");
            }

            var isWindows = r.GetValue(windows);
            var hasUser = r.GetValue(user) is not null;
            var hasPassword = r.GetValue(passwordVariable) is not null;
            if (!isWindows && (!hasUser || !hasPassword))
            {
                r.AddError("Give --user NAME and --password-variable VAR (a basic user), or --windows.");
            }
            else if (isWindows && hasUser != hasPassword)
            {
                r.AddError("With --windows, give both --user DOMAIN\\NAME and --password-variable VAR, or neither (the process's own identity).");
            }
        });
        command.SetAction((parse, cancellationToken) => context.RunAsync(async ct =>
        {
            var console = context.Console;
            var userName = parse.GetValue(user);
            var variable = parse.GetValue(passwordVariable);
            var password = variable is null ? null : context.ReadSecret("--password-variable", variable, $"the password of '{userName}'");

            IAuditLogin login = !parse.GetValue(windows)
                ? new BasicUserLogin(userName!, password!)
                : userName is null
                    ? new WindowsUserLogin(System.Net.CredentialCache.DefaultNetworkCredentials, "the process's Windows identity")
                    : new WindowsUserLogin(WindowsCredential(userName, password!), $"Windows user '{userName}'");

            var caFiles = CliContext.Values(parse.GetValue(ca));
            TrustAnchorSet anchors;
            if (caFiles.Count > 0)
            {
                anchors = TrustAnchorSet.FromFiles(caFiles);
            }
            else if (OperatingSystem.IsWindows())
            {
                anchors = TrustAnchorSet.FromStore(StoreName.Root, StoreLocation.LocalMachine);
            }
            else
            {
                await console.Error.WriteLineAsync($"{MipSecCodes.InvalidOptions.Id} error: no trusted CA: give the site's CA certificate with --ca FILE (this platform has no machine trust store the audit reads).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var options = new AuditOptions(new Uri(parse.GetValue(uri)!), login, anchors)
            {
                CaFiles = caFiles,
                AddressOverrides = ProbeTargets.Overrides(parse.GetValue(resolve)),
                Addresses = parse.GetValue(address),
                IncludeDisabled = parse.GetValue(includeDisabled),
                Camera = parse.GetValue(camera),
                Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                Concurrency = parse.GetValue(concurrency),
                TimeProvider = context.TimeProvider,
            };
            return await RunAndReportAsync(options, context, parse.GetValue(json), parse.GetValue(sarif), parse.GetValue(writeConfig), ct).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }

    /// <summary>Runs an audit and writes its report, SARIF and site file as asked; <c>demo</c> shares this path.</summary>
    internal static async Task<int> RunAndReportAsync(AuditOptions options, CliContext context, bool asJson, string? sarifPath, string? configPath, CancellationToken cancellationToken)
    {
        var console = context.Console;
        if (configPath is not null && File.Exists(configPath))
        {
            // Checked before the audit too, so a long audit is not wasted on a file that would not be written.
            await console.Error.WriteLineAsync($"{MipSecCodes.SiteFileExists.Id} error: --write-config {configPath}: the file already exists; an audit never overwrites a site file. Give a new file name or delete the old file and its certs folder first.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var progress = console.IsTerminal ? new TerminalProgress(console.Error) : null;
        var result = await SiteAuditor.AuditAsync(options, progress, cancellationToken).ConfigureAwait(false);
        progress?.Finish();
        if (sarifPath is not null)
        {
            SarifWriter.Write(result.Report, sarifPath, CheckCommand.ToolVersion);
        }

        if (asJson)
        {
            JsonReportWriter.Write(result.Report, console.Out);
        }
        else
        {
            TextReportWriter.Write(result.Report, console);
            ExpiryTimelineWriter.Write(result.Probes, context.TimeProvider.GetUtcNow(), console.Out);
            WriteLoginProof(result, console.Out);
        }

        if (configPath is not null)
        {
            SiteConfigurationWriter.Write(result.Site, configPath);
            var certificates = result.Site.Servers.Count(s => s.Certificate is not null) + result.Site.Trust.CaCertificates.Count;
            var note = string.Create(CultureInfo.InvariantCulture, $"Wrote {configPath} with {result.Site.Servers.Count} server(s) and {certificates} certificate file(s) in {SiteConfigurationWriter.CertificateFolder}/; check it offline with: mipsecure check {configPath}");
            await (asJson ? console.Error : console.Out).WriteLineAsync(note).ConfigureAwait(false);
        }

        return result.Report.ExitCode;
    }

    private static void WriteLoginProof(SiteAuditResult result, TextWriter writer)
    {
        var recorders = result.Probes.Count(p => p.Endpoint.Role == ServerRole.RecordingServer);
        if (recorders == 0)
        {
            return;
        }

        var accepted = result.Proofs.Count(p => p.Outcome == LoginProofOutcome.Accepted);
        var untried = recorders - result.Proofs.Count;
        writer.WriteLine();
        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Login proof (ImageServer connect with the login's token, then a frame request): accepted by {accepted} of {recorders} recording server address(es)")
            + (untried == 0 ? "." : string.Create(CultureInfo.InvariantCulture, $"; {untried} not tried, because the connection or the certificate failed first (see above).")));
        foreach (var proof in result.Proofs.Where(p => p.Outcome != LoginProofOutcome.Accepted || p.Finding is not null))
        {
            var outcome = proof.Outcome == LoginProofOutcome.Accepted ? "token accepted, no frame asked for" : proof.Outcome.ToString();
            writer.WriteLine($"  {proof.Recorder.Description}: {proof.Finding?.Code.Id} {outcome}");
        }
    }

    // DOMAIN\NAME or NAME@DOMAIN, as Windows writes them.
    private static System.Net.NetworkCredential WindowsCredential(string userName, string password)
    {
        var slash = userName.IndexOf('\\', StringComparison.Ordinal);
        return slash > 0
            ? new System.Net.NetworkCredential(userName.Substring(slash + 1), password, userName.Substring(0, slash))
            : new System.Net.NetworkCredential(userName, password);
    }

    /// <summary>Shows the audit's stage and count on one terminal line (on standard error, so the report stays clean).</summary>
    private sealed class TerminalProgress : IProgress<AuditProgress>
    {
        private readonly TextWriter _writer;
        private readonly object _gate = new();
        private int _width;

        public TerminalProgress(TextWriter writer) => _writer = writer;

        public void Report(AuditProgress value)
        {
            var line = value.Total == 0 ? value.Stage + " ..." : string.Create(CultureInfo.InvariantCulture, $"{value.Stage}: {value.Completed}/{value.Total}");
            lock (_gate)
            {
                _writer.Write("\r" + line.PadRight(_width));
                _width = line.Length;
            }
        }

        public void Finish()
        {
            lock (_gate)
            {
                _writer.Write("\r" + new string(' ', _width) + "\r");
            }
        }
    }
}
