using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Cli.Audit;
using MipSecure.Cli.Probing;
using MipSecure.Cli.Watch;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Discovery;
using MipSecure.Options;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Commands;

/// <summary>
/// <c>mipsecure watch --management URI (--user NAME --password-variable VAR) | --config mipsecure.json [--interval 15m] [--listen 127.0.0.1:9464] [--expiry-warning-days N]
/// [--once-per-day-log] [--json]</c>: audits the site on an interval and serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c>.
/// Runs in a console, as a Windows service or as a systemd service.
/// </summary>
internal static class WatchCommand
{
    /// <summary>The name the Windows service is installed under in docs/monitoring.md.</summary>
    public const string ServiceName = "MipSecureWatch";

    public static Command Create(CliContext context)
    {
        var management = new Option<string?>("--management") { Description = "Watch the live site of this management server, as mipsecure audit does: login, discovery, probes, login proof, rules." };
        var user = new Option<string?>("--user") { Description = "With --management: the basic user to log in as." };
        var passwordVariable = new Option<string?>("--password-variable") { Description = "With --management: the environment variable that holds the password (read once at start; never on the command line)." };
        var windows = new Option<bool>("--windows") { Description = "With --management: log in as a Windows user." };
        var siteAddress = new Option<AddressSelection>("--address") { Description = "With --management: which addresses clients use: local, public or both.", DefaultValueFactory = _ => AddressSelection.Local };
        var camera = new Option<Guid?>("--camera") { Description = "With --management: also fetch one frame from this camera on each recording server." };
        var includeDisabled = new Option<bool>("--include-disabled") { Description = "With --management: watch disabled servers too." };
        var config = new Option<string?>("--config") { Description = "Watch the site this mipsecure.json describes: its rules, and every server probed live." };
        var interval = new Option<TimeSpan>("--interval")
        {
            Description = "Time between audits: 90s, 15m, 1h or a number of seconds. Each wait adds up to 10% at random.",
            DefaultValueFactory = _ => WatchSettings.DefaultInterval,
            // Called without tokens when the option is left out: the default applies then.
            CustomParser = r => r.Tokens.Count == 0 ? WatchSettings.DefaultInterval : ParseInterval(r.Tokens[0].Value, out var value) ? value : Invalid(r),
        };
        var listen = new Option<ListenAddress>("--listen")
        {
            Description = "Serve /metrics, /healthz and /readyz on HOST:PORT (0.0.0.0:PORT for every interface).",
            DefaultValueFactory = _ => ListenAddress.Default,
            CustomParser = r =>
            {
                if (r.Tokens.Count == 0)
                {
                    return ListenAddress.Default;
                }

                var text = r.Tokens[0].Value;
                if (ListenAddress.TryParse(text, out var address))
                {
                    return address;
                }

                r.AddError($"--listen '{text}' is not HOST:PORT. Use for example 127.0.0.1:9464, [::1]:9464 or 0.0.0.0:9464.");
                return ListenAddress.Default;
            },
        };
        var warningDays = CommonOptions.ExpiryWarningDays("Warn (MIPSEC1006) this many days before a certificate expires; overrides trust.expiryWarningDays.");
        var daily = new Option<bool>("--once-per-day-log") { Description = "Log every open finding again once a day, not only when it first appears." };
        var json = new Option<bool>("--json") { Description = "Write the log as JSON lines, for log shippers." };
        var ca = CommonOptions.CaFiles("A trusted CA certificate file, besides those of the file. Repeat for several.");
        var resolve = CommonOptions.Resolve();
        var concurrency = CommonOptions.Concurrency();
        var timeout = CommonOptions.Timeout("Seconds to wait for each server before calling it unreachable.");

        var command = new Command("watch", CommonOptions.WithExample("Audit a site on an interval and serve Prometheus metrics, /healthz and /readyz; logs each new finding once.", "mipsecure watch --config mipsecure.json --interval 1h --listen 127.0.0.1:9108"))
        {
            management, user, passwordVariable, windows, siteAddress, camera, includeDisabled,
            config, interval, listen, warningDays, daily, json, ca, resolve, concurrency, timeout,
        };
        command.Validators.Add(r =>
        {
            var managementText = r.GetValue(management);
            if ((managementText is null) == (r.GetValue(config) is null))
            {
                r.AddError("Give either --management URI (a live site) or --config mipsecure.json (a described site).");
            }

            if (managementText is not null)
            {
                if (!Uri.TryCreate(managementText, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
                {
                    r.AddError($"--management '{managementText}' is not an http:// or https:// address of a management server.");
                }

                if (!r.GetValue(windows) && (r.GetValue(user) is null || r.GetValue(passwordVariable) is null))
                {
                    r.AddError("With --management, give --user NAME and --password-variable VAR (a basic user), or --windows.");
                }
            }
        });
        command.SetAction((parse, cancellationToken) => context.RunAsync(async ct =>
        {
            // Checked here rather than in a validator, where options left at their default read as zero.
            if (parse.GetValue(timeout) >= parse.GetValue(interval).TotalSeconds)
            {
                await context.Console.Error.WriteLineAsync("error: --timeout must be shorter than --interval.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var settings = new WatchSettings
            {
                Interval = parse.GetValue(interval),
                RepeatFindingsDaily = parse.GetValue(daily),
            };
            var overrides = ProbeTargets.Overrides(parse.GetValue(resolve));
            ISiteSnapshotSource source;
            if (parse.GetValue(management) is { } managementUri)
            {
                if (parse.GetValue(windows))
                {
                    await context.Console.Error.WriteLineAsync($"{MipSecCodes.InvalidOptions.Id} error: --windows: this build logs in basic users only. Use --user NAME --password-variable VAR with a basic user.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var variable = parse.GetValue(passwordVariable)!;
                var password = context.ReadSecret("--password-variable", variable, $"the password of '{parse.GetValue(user)}'");

                var caFiles = CliContext.Values(parse.GetValue(ca));
                if (caFiles.Count == 0 && !OperatingSystem.IsWindows())
                {
                    await context.Console.Error.WriteLineAsync($"{MipSecCodes.InvalidOptions.Id} error: no trusted CA: give the site's CA certificate with --ca FILE (this platform has no machine trust store the watcher reads).").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var anchors = caFiles.Count > 0 ? TrustAnchorSet.FromFiles(caFiles) : TrustAnchorSet.FromStore(StoreName.Root, StoreLocation.LocalMachine);
                source = new ManagedSiteSource(new AuditOptions(new Uri(managementUri), new BasicUserLogin(parse.GetValue(user)!, password), anchors)
                {
                    CaFiles = caFiles,
                    AddressOverrides = overrides,
                    Addresses = parse.GetValue(siteAddress),
                    IncludeDisabled = parse.GetValue(includeDisabled),
                    Camera = parse.GetValue(camera),
                    Timeout = TimeSpan.FromSeconds(parse.GetValue(timeout)),
                    Concurrency = parse.GetValue(concurrency),
                    ExpiryWarningDays = parse.GetValue(warningDays) ?? ExpiryWarningWindow.DefaultDays,
                    TimeProvider = context.TimeProvider,
                });
            }
            else
            {
                source = new ConfiguredSiteSource(
                    parse.GetValue(config)!,
                    CliContext.Values(parse.GetValue(ca)),
                    overrides,
                    ProbeTargets.Settings(parse.GetValue(timeout), parse.GetValue(concurrency)),
                    parse.GetValue(warningDays),
                    context.TimeProvider,
                    context.Environment);
            }

            using var host = BuildHost(source, settings, context.TimeProvider, parse.GetValue(json));
            var watcher = host.Services.GetRequiredService<SiteWatcher>();
            var address = parse.GetValue(listen)!;
            using var endpoints = WatchEndpoints.Start(watcher, address);
            var logger = host.Services.GetRequiredService<ILogger<SiteWatcher>>();
            var listening = address.ToString();
            WatchLog.Listening(logger, listening);
            await host.RunAsync(ct).ConfigureAwait(false);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>
    /// The generic host: console logging (JSON with <c>--json</c>), the Windows service and systemd lifetimes (each a no-op
    /// unless the process runs under that service manager), and the watcher as the hosted service.
    /// </summary>
    internal static IHost BuildHost(ISiteSnapshotSource source, WatchSettings settings, TimeProvider timeProvider, bool json, Action<ILoggingBuilder>? logging = null)
    {
        // No appsettings.json or environment configuration: the command line is the whole configuration.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "mipsecure-watch" });
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        if (json)
        {
            builder.Logging.AddJsonConsole(options => { options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ"; options.UseUtcTimestamp = true; });
        }
        else if (!SystemdHelpers.IsSystemdService())
        {
            builder.Logging.AddSimpleConsole(options => { options.SingleLine = true; options.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ "; options.UseUtcTimestamp = true; });
        }

        // Under the Windows service manager the host also logs to the Application event log; under systemd, the console
        // lines carry journald's priority prefixes (unless --json asks for JSON).
        builder.Services.AddWindowsService(options => options.ServiceName = ServiceName);
        builder.Services.AddSystemd();

        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(timeProvider);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(source);
        builder.Services.AddSingleton(provider => new FindingLog(
            provider.GetRequiredService<ILogger<FindingLog>>(), timeProvider, settings, source.Description));
        builder.Services.AddSingleton(provider => new SiteWatcher(
            source, settings, timeProvider, provider.GetRequiredService<FindingLog>(), provider.GetRequiredService<ILogger<SiteWatcher>>()));
        builder.Services.AddHostedService(provider => provider.GetRequiredService<SiteWatcher>());
        builder.Services.AddSingleton(provider => new WatchMetrics(provider.GetRequiredService<SiteWatcher>(), timeProvider));
        var host = builder.Build();

        // The meter exists from the start, so the first scrape already has its instruments.
        _ = host.Services.GetRequiredService<WatchMetrics>();
        return host;
    }

    internal static bool ParseInterval(string text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        text = text.Trim();
        if (text.Length == 0)
        {
            return false;
        }

        var unit = char.ToLowerInvariant(text[^1]);
        var scale = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        var number = scale == 0 ? text : text[..^1];
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        var seconds = value * (scale == 0 ? 1 : scale);
        if (seconds < 1 || seconds > TimeSpan.FromDays(7).TotalSeconds)
        {
            return false;
        }

        interval = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static TimeSpan Invalid(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
        result.AddError($"--interval '{text}' is not a duration between 1 second and 7 days. Use for example 90s, 15m or 1h.");
        return WatchSettings.DefaultInterval;
    }
}
