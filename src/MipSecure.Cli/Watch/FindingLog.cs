using System;
using System.Collections.Generic;
using Microsoft.Extensions.Logging;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Watch;

/// <summary>
/// Logs each finding once, when it first appears, and once more when it is resolved; an expiry warning (MIPSEC1006) again
/// every UTC day while it lasts, and with <see cref="WatchSettings.RepeatFindingsDaily"/> every open finding.
/// A failed audit is logged once per distinct failure.
/// </summary>
internal sealed class FindingLog
{
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly bool _repeatDaily;
    private readonly string _site;
    private Dictionary<string, DateTime> _open = new(StringComparer.Ordinal);
    private string? _failure;

    public FindingLog(ILogger<FindingLog> logger, TimeProvider timeProvider, WatchSettings settings, string site)
    {
        _logger = logger;
        _timeProvider = timeProvider;
        _repeatDaily = settings.RepeatFindingsDaily;
        _site = site;
    }

    /// <summary>Gets how many findings are open (for tests: the log's memory stays bounded by the site).</summary>
    public int OpenCount => _open.Count;

    /// <summary>Logs what is new in <paramref name="snapshot"/>, what is due again today, and what was resolved.</summary>
    public void Observe(SiteSnapshot snapshot)
    {
        if (_failure is not null)
        {
            _failure = null;
            WatchLog.AuditRecovered(_logger, _site);
        }

        var today = _timeProvider.GetUtcNow().UtcDateTime.Date;
        var open = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var (server, finding) in snapshot.AllFindings)
        {
            var where = server is null ? "site" : server.AddressLabel;
            var key = where + "|" + finding.Code.Id + "|" + (finding.Certificate?.Thumbprint ?? (server is null ? finding.Message : string.Empty));
            if (open.ContainsKey(key))
            {
                continue;
            }

            var due = !_open.TryGetValue(key, out var lastLogged)
                || (lastLogged < today && (_repeatDaily || finding.Code.Equals(MipSecCodes.CertificateExpiresSoon)));
            if (due)
            {
                var description = server is null ? "site" : $"{server.Role.Describe(server.Name)} ({server.AddressLabel})";
                var level = LevelOf(finding.Severity);
                WatchLog.Finding(_logger, level, finding.Code.Id, description, finding.Message, finding.Remedy);
                lastLogged = today;
            }

            open[key] = lastLogged;
        }

        foreach (var key in _open.Keys)
        {
            if (!open.ContainsKey(key))
            {
                var parts = key.Split('|');
                WatchLog.Resolved(_logger, parts[1], parts[0]);
            }
        }

        _open = open;
    }

    /// <summary>Logs a failed audit, once while the same failure repeats.</summary>
    public void AuditFailed(string site, TrustFinding failure)
    {
        var key = failure.Code.Id + "|" + failure.Message;
        if (key == _failure)
        {
            return;
        }

        _failure = key;
        WatchLog.AuditFailed(_logger, failure.Code.Id, site, failure.Message, failure.Remedy);
    }

    private static LogLevel LevelOf(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => LogLevel.Error,
        FindingSeverity.Warning => LogLevel.Warning,
        _ => LogLevel.Information,
    };
}
