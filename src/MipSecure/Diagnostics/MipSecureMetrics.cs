using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace MipSecure.Diagnostics;

/// <summary>
/// The <see cref="Meter"/> named <c>MipSecure</c>: connection attempts, retries, circuit breaker transitions, trust failures,
/// and the seconds each server's certificate has left.
/// </summary>
public sealed class MipSecureMetrics : IDisposable
{
    /// <summary>The meter's name, for OpenTelemetry's <c>AddMeter</c> or a <see cref="MeterListener"/>.</summary>
    public const string MeterName = "MipSecure";

    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _trustFailures;
    private readonly Counter<long> _circuitTransitions;

    /// <summary>Creates the instruments.</summary>
    /// <param name="timeProvider">The clock the expiry gauge reads.</param>
    /// <param name="meterFactory">The factory from DI, or <see langword="null"/> to create the meter directly.</param>
    public MipSecureMetrics(TimeProvider timeProvider, IMeterFactory? meterFactory = null)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _attempts = _meter.CreateCounter<long>("mipsecure.connection.attempts", "{attempt}", "Connection attempts, tagged by server and outcome.");
        _retries = _meter.CreateCounter<long>("mipsecure.connection.retries", "{retry}", "Retries of transient faults, tagged by server and reason.");
        _trustFailures = _meter.CreateCounter<long>("mipsecure.trust.failures", "{failure}", "Certificates refused, tagged by server and MIPSEC code.");
        _circuitTransitions = _meter.CreateCounter<long>("mipsecure.circuit.transitions", "{transition}", "Circuit breaker state changes, tagged by server and state.");
        _meter.CreateObservableGauge("mipsecure.certificate.expiry", ObserveExpiries, "s", "Seconds until the server's certificate chain expires, tagged by server.");
    }

    /// <summary>Gets the meter, so a listener can tell this instance's measurements from another's.</summary>
    internal Meter Meter => _meter;

    internal void ConnectionAttempted(string server, string outcome) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("outcome", outcome));

    internal void RetryScheduled(string server, string reason) =>
        _retries.Add(1, new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("reason", reason));

    internal void TrustFailed(string server, string code) =>
        _trustFailures.Add(1, new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("code", code));

    internal void CircuitChanged(string server, string state) =>
        _circuitTransitions.Add(1, new KeyValuePair<string, object?>("server", server), new KeyValuePair<string, object?>("state", state));

    internal void CertificateSeen(string server, DateTimeOffset notAfter) => _expiries[server] = notAfter;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    private IEnumerable<Measurement<double>> ObserveExpiries()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var entry in _expiries)
        {
            yield return new Measurement<double>((entry.Value - now).TotalSeconds, new KeyValuePair<string, object?>("server", entry.Key));
        }
    }
}
