using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Watch;

/// <summary>
/// The meter <c>MipSecure.Watch</c>: observable instruments read from the watcher's latest audit at scrape time, so a scrape
/// always shows one consistent audit. Prometheus names (after OpenTelemetry's translation) are listed in docs/monitoring.md.
/// Labels are the server's name, role and address (scheme, host and port); never a user name, password or token.
/// </summary>
internal sealed class WatchMetrics : IDisposable
{
    public const string MeterName = "MipSecure.Watch";

    private readonly Meter _meter;
    private readonly SiteWatcher _watcher;
    private readonly TimeProvider _timeProvider;

    public WatchMetrics(SiteWatcher watcher, TimeProvider timeProvider)
    {
        _watcher = watcher;
        _timeProvider = timeProvider;
        _meter = new Meter(MeterName);
        _meter.CreateObservableGauge("mipsecure.watch.certificate.expiry_timestamp", () => PerServer(s => Seconds(s.EarliestNotAfter)), "s",
            "When the earliest certificate of the chain the server presented expires, in seconds since the Unix epoch.");
        _meter.CreateObservableGauge("mipsecure.watch.certificate.remaining", () => PerServer(s => s.EarliestNotAfter is { } at ? (at - _timeProvider.GetUtcNow()).TotalSeconds : null), "s",
            "Seconds until the earliest certificate of the chain the server presented expires; negative once expired.");
        _meter.CreateObservableGauge("mipsecure.watch.certificate.expiry_warning", ExpiryWarning, "s",
            "How long before expiry a certificate is reported (MIPSEC1006): the expiry warning window of the site.");
        _meter.CreateObservableGauge("mipsecure.watch.certificate.trusted", () => PerServer(s => Flag(s.Trusted)), null,
            "1 when the certificate the server presented was trusted for the address dialled, 0 when it was refused.");
        _meter.CreateObservableGauge("mipsecure.watch.encryption.stated", () => PerServer(s => Flag(s.EncryptionStated)), null,
            "1 when the site's configuration says the address is https, 0 when it says http.");
        _meter.CreateObservableGauge("mipsecure.watch.encryption.spoken", () => PerServer(s => Flag(s.EncryptionSpoken)), null,
            "1 when the port spoke TLS, 0 when it spoke plaintext; absent when the server did not answer.");
        _meter.CreateObservableGauge("mipsecure.watch.server.up", () => PerServer(s => Flag(s.Reachable)), null,
            "1 when the server answered the audit's probe, 0 when it could not be reached in time.");
        _meter.CreateObservableGauge("mipsecure.watch.login.accepted", () => PerServer(s => Flag(s.LoginAccepted)), null,
            "1 when the server accepted the site login (the token at the management server, the VMS token at a recorder).");
        _meter.CreateObservableGauge("mipsecure.watch.login.chain_works", LoginChain, null,
            "1 when the whole login chain worked in the latest audit: token, then every recording server accepted it.");
        _meter.CreateObservableGauge("mipsecure.watch.findings", Findings, null,
            "Findings of the latest audit by server, MIPSEC code and severity.");
        _meter.CreateObservableGauge("mipsecure.watch.audit.last_success_timestamp", LastSuccess, "s",
            "When an audit of the site last completed, in seconds since the Unix epoch.");
        _meter.CreateObservableGauge("mipsecure.watch.audit.interval", () => new Measurement<double>(_watcher.Settings.Interval.TotalSeconds), "s",
            "The configured time between audits.");
        _meter.CreateObservableGauge("mipsecure.watch.audit.ready", () => new Measurement<double>(_watcher.State.Ready ? 1 : 0), null,
            "1 when the latest audit completed and found no error (what /readyz answers).");
        _meter.CreateObservableCounter("mipsecure.watch.audits", Audits, null,
            "Audits since the watcher started, by result (completed or failed).");
    }

    public void Dispose() => _meter.Dispose();

    private static double? Seconds(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds() / 1000.0;

    private static double? Flag(bool? value) => value is null ? null : value.Value ? 1 : 0;

    private static KeyValuePair<string, object?>[] Labels(ServerObservation server) => new[]
    {
        new KeyValuePair<string, object?>("server", server.Name),
        new KeyValuePair<string, object?>("role", server.RoleLabel),
        new KeyValuePair<string, object?>("address", server.AddressLabel),
    };

    private IEnumerable<Measurement<double>> PerServer(Func<ServerObservation, double?> value)
    {
        var latest = _watcher.State.Latest;
        if (latest is null)
        {
            yield break;
        }

        foreach (var server in latest.Servers)
        {
            if (value(server) is { } measured)
            {
                yield return new Measurement<double>(measured, Labels(server));
            }
        }
    }

    private IEnumerable<Measurement<double>> ExpiryWarning()
    {
        if (_watcher.State.Latest is { } latest)
        {
            yield return new Measurement<double>(latest.ExpiryWarning.TotalSeconds);
        }
    }

    private IEnumerable<Measurement<double>> LoginChain()
    {
        if (_watcher.State.Latest?.LoginChainWorks is { } works)
        {
            yield return new Measurement<double>(works ? 1 : 0);
        }
    }

    private IEnumerable<Measurement<double>> Findings()
    {
        var latest = _watcher.State.Latest;
        if (latest is null)
        {
            yield break;
        }

        var counts = latest.AllFindings
            .GroupBy(f => (Server: f.Server?.Name ?? "site", Role: f.Server?.RoleLabel ?? "site", Address: f.Server?.AddressLabel ?? string.Empty, f.Finding.Code.Id, f.Finding.Severity));
        foreach (var group in counts)
        {
            yield return new Measurement<double>(group.Count(), new[]
            {
                new KeyValuePair<string, object?>("server", group.Key.Server),
                new KeyValuePair<string, object?>("role", group.Key.Role),
                new KeyValuePair<string, object?>("address", group.Key.Address),
                new KeyValuePair<string, object?>("code", group.Key.Id),
                new KeyValuePair<string, object?>("severity", SeverityText(group.Key.Severity)),
            });
        }
    }

    private IEnumerable<Measurement<double>> LastSuccess()
    {
        if (_watcher.State.LastSuccessAt is { } at)
        {
            yield return new Measurement<double>(at.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    private IEnumerable<Measurement<long>> Audits()
    {
        var state = _watcher.State;
        yield return new Measurement<long>(state.Completed, new KeyValuePair<string, object?>("result", "completed"));
        yield return new Measurement<long>(state.Failed, new KeyValuePair<string, object?>("result", "failed"));
    }

    internal static string SeverityText(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };
}
