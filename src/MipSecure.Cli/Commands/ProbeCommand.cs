using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Cli.Output;
using MipSecure.Cli.Probing;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Trust;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Commands;

/// <summary>
/// <c>mipsecure probe URI… [--config FILE] [--ca FILE…] [--resolve HOST=ADDRESS…] [--concurrency N] [--timeout S] [--json]</c>:
/// live encryption discovery and certificate validation.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(CliContext context)
    {
        var uris = new Argument<string[]>("URI") { Description = "Server addresses, e.g. https://rec1.contoso.local:7563/ (the scheme states the expected encryption).", Arity = ArgumentArity.ZeroOrMore };
        var config = new Option<string?>("--config") { Description = "Probe every server of this mipsecure.json, with its clients' trusted CAs." };
        var ca = CommonOptions.CaFiles("A trusted CA certificate file. Repeat for several.");
        var resolve = CommonOptions.Resolve();
        var role = new Option<ServerRole>("--role")
        {
            Description = "The role of the URIs given: " + string.Join(", ", ServerRoles.All.Select(r => r.Label())) + ".",
            DefaultValueFactory = _ => ServerRole.RecordingServer,
            // Called without tokens when the option is left out: the default applies then.
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0)
                {
                    return ServerRole.RecordingServer;
                }

                var text = r.Tokens[0].Value;
                if (ServerRoles.TryParse(text, out var parsed))
                {
                    return parsed;
                }

                r.AddError($"--role '{text}' is not a role. Use one of {string.Join(", ", ServerRoles.All.Select(known => known.Label()))}.");
                return ServerRole.RecordingServer;
            },
        };
        var concurrency = CommonOptions.Concurrency();
        var timeout = CommonOptions.Timeout("Seconds to wait for each server before calling it unreachable.");
        var json = CommonOptions.Json();
        var crl = CommonOptions.CrlFiles();

        var command = new Command("probe", CommonOptions.WithExample("Connect to servers, tell whether encryption is on, and validate their certificates against the trusted CAs.", "mipsecure probe https://rec1.contoso.local:7563/ --ca ca/contoso-xprotect-ca.crt --resolve rec1.contoso.local=10.0.0.5"))
        {
            uris, config, ca, resolve, role, concurrency, timeout, json, crl,
        };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(uris)?.Length ?? 0) == 0 && r.GetValue(config) is null)
            {
                r.AddError("Give at least one URI, or --config with a mipsecure.json.");
            }

            foreach (var text in r.GetValue(uris) ?? Array.Empty<string>())
            {
                if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                {
                    r.AddError($"'{text}' is not an http:// or https:// address.");
                }
            }
        });
        command.SetAction((parse, cancellationToken) => context.RunAsync(async ct =>
        {
            var targets = new List<ProbeTarget>();
            var caFiles = new List<string>(CliContext.Values(parse.GetValue(ca)));
            var crlFiles = new List<string>(CliContext.Values(parse.GetValue(crl)));
            var configPath = parse.GetValue(config);
            TrustSettings? siteTrust = null;
            if (configPath is not null)
            {
                var exit = AddFromConfiguration(configPath, targets, crlFiles, context, out siteTrust);
                if (exit is not null)
                {
                    return exit.Value;
                }
            }

            targets.AddRange(ProbeTargets.FromUris(parse.GetValue(uris), parse.GetValue(role)));
            // The clients' CAs of the file (files and store references), and the --ca files, read by the one loader.
            var anchors = siteTrust?.LoadTrustAnchors(TrustingParty.Clients, caFiles) ?? TrustAnchorSet.FromFiles(caFiles);
            var validator = new CertificateValidator(anchors, new CertificateValidationOptions
            {
                TimeProvider = context.TimeProvider,
                RevocationLists = crlFiles.Select(CertificateRevocationList.Load).ToList(),
            });
            var prober = new EncryptionProber(
                validator,
                ProbeTargets.Settings(parse.GetValue(timeout), parse.GetValue(concurrency)),
                context.TimeProvider,
                ProbeTargets.Overrides(parse.GetValue(resolve)));
            var endpoints = targets.Select(target => target.Endpoint).ToList();
            var results = await ProbeRunner.RunAsync(prober, endpoints, parse.GetValue(concurrency), context.Console, ct).ConfigureAwait(false);
            var report = ProbeReportConversion.ToReport(results, describe: configPath is not null, anchors, CauseWords.TrustList(caFiles, configPath));
            if (parse.GetValue(json))
            {
                JsonReportWriter.Write(report, context.Console.Out);
            }
            else
            {
                TextReportWriter.Write(report, context.Console);
            }

            return report.ExitCode;
        }, cancellationToken));
        return command;
    }

    private static int? AddFromConfiguration(string path, List<ProbeTarget> targets, List<string> crlFiles, CliContext context, out TrustSettings? trust)
    {
        trust = null;
        var loaded = SiteConfigurationLoader.Load(path);
        if (loaded.HasErrors || loaded.Configuration is null)
        {
            foreach (var finding in loaded.Findings)
            {
                context.Console.Error.WriteLine(finding.ToString());
            }

            return ExitCodes.UnreadableInput;
        }

        targets.AddRange(ProbeTargets.FromSite(loaded.Configuration));

        trust = loaded.Configuration.Trust;
        crlFiles.AddRange(loaded.Configuration.Trust.RevocationLists.Select(list => list.ResolvedPath));
        return null;
    }
}
