using System;
using System.Collections.Concurrent;
using System.Linq;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MipSecure.Trust.Validation;

namespace MipSecure.Diagnostics;

/// <summary>
/// Watches the certificates of validated connections: updates the expiry gauge per server and, inside the warning window,
/// logs MIPSEC1006 once per certificate per UTC day. XProtect itself never warns before a certificate expires.
/// </summary>
public sealed class CertificateExpiryMonitor
{
    private readonly TimeProvider _timeProvider;
    private readonly int _warningDays;
    private readonly MipSecureMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, DateTime> _lastWarnedDay = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates a monitor.</summary>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="warningDays">How many days before expiry warnings start; zero turns them off.</param>
    /// <param name="metrics">The metrics to update, if any.</param>
    /// <param name="logger">Where warnings go.</param>
    public CertificateExpiryMonitor(TimeProvider timeProvider, int warningDays, MipSecureMetrics? metrics = null, ILogger<CertificateExpiryMonitor>? logger = null)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _warningDays = warningDays;
        _metrics = metrics;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Records the report of a validated connection to <paramref name="server"/>.</summary>
    /// <param name="server">The server key (<c>host:port</c>).</param>
    /// <param name="report">The report of the certificate it presented.</param>
    /// <returns><see langword="true"/> when this call logged an expiry warning.</returns>
    public bool Observe(string server, TrustReport report)
    {
        if (report is null || report.Chain.Count == 0)
        {
            return false;
        }

        // The chain expires with its earliest certificate, often the server's own.
        var earliest = report.Chain.OrderBy(c => c.NotAfter).First();
        _metrics?.CertificateSeen(server, earliest.NotAfter);
        if (_warningDays <= 0)
        {
            return false;
        }

        var now = _timeProvider.GetUtcNow();
        var left = earliest.NotAfter - now;
        if (left > TimeSpan.FromDays(_warningDays) || left < TimeSpan.Zero)
        {
            return false;
        }

        var today = now.UtcDateTime.Date;
        var key = server + "|" + earliest.Thumbprint;
        var previous = _lastWarnedDay.GetOrAdd(key, DateTime.MinValue);
        if (previous >= today || !_lastWarnedDay.TryUpdate(key, today, previous))
        {
            return false;
        }

        Log.CertificateExpiresSoon(_logger, server, earliest.Subject, earliest.Thumbprint, earliest.NotAfter, (int)Math.Floor(left.TotalDays));
        return true;
    }
}
