using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.HealthChecks;

/// <summary>
/// A health check of the XProtect servers an integration depends on: each is probed for encryption and its certificate
/// validated. Unhealthy on any error finding (an expired or untrusted certificate, plaintext on an https address, a server
/// that does not answer), degraded while a certificate is inside its expiry warning window (MIPSEC1006), healthy otherwise.
/// The result's data holds the first finding's <c>code</c> and <c>server</c>, and every finding under <c>findings</c>.
/// </summary>
public sealed class MipSecureHealthCheck : IHealthCheck, IDisposable
{
    private readonly EncryptionProber _prober;
    private readonly List<XProtectEndpoint> _endpoints;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cacheDuration;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyList<ProbeResult> Results)? _cached;

    /// <summary>Creates the check.</summary>
    /// <param name="prober">The prober, with the CA certificates the integration trusts.</param>
    /// <param name="endpoints">The servers to probe.</param>
    /// <param name="timeProvider">The clock of the cache.</param>
    /// <param name="cacheDuration">How long a result is reused.</param>
    public MipSecureHealthCheck(EncryptionProber prober, IEnumerable<XProtectEndpoint> endpoints, TimeProvider timeProvider, TimeSpan cacheDuration)
    {
        _prober = prober ?? throw new ArgumentNullException(nameof(prober));
        _endpoints = (endpoints ?? throw new ArgumentNullException(nameof(endpoints))).ToList();
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _cacheDuration = cacheDuration;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failureStatus = context?.Registration?.FailureStatus ?? HealthStatus.Unhealthy;
        if (_endpoints.Count == 0)
        {
            return new HealthCheckResult(failureStatus, "MIPSEC4013: no XProtect server to check. Add endpoints to the health check options or register a site file.");
        }

        return Evaluate(await ProbeAsync(cancellationToken).ConfigureAwait(false), failureStatus);
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    /// <summary>Turns probe results into a health result.</summary>
    /// <param name="results">One probe per server.</param>
    /// <param name="failureStatus">The status an error finding gives (the registration's failure status).</param>
    /// <returns>The result.</returns>
    internal static HealthCheckResult Evaluate(IReadOnlyList<ProbeResult> results, HealthStatus failureStatus)
    {
        if (results is null)
        {
            throw new ArgumentNullException(nameof(results));
        }

        var findings = results
            .SelectMany(r => r.Findings.Where(f => f.Severity != FindingSeverity.Info).Select(f => (Result: r, Finding: f)))
            .OrderByDescending(f => f.Finding.Severity)
            .ToList();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["servers"] = results.Count,
            ["findings"] = findings.Select(f => $"{f.Finding.Code.Id} {f.Result.Endpoint}").ToArray(),
        };
        var expiries = results.Where(r => r.Report?.EarliestExpiry is not null).ToList();
        if (expiries.Count > 0)
        {
            data["earliestExpiry"] = expiries.Min(r => r.Report!.EarliestExpiry!.Value).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        var error = findings.FirstOrDefault(f => f.Finding.Severity == FindingSeverity.Error);
        if (error.Finding is not null)
        {
            return Result(failureStatus, error.Result, error.Finding, data);
        }

        var expiring = findings.FirstOrDefault(f => f.Finding.Code.Equals(MipSecCodes.CertificateExpiresSoon));
        if (expiring.Finding is not null)
        {
            return Result(HealthStatus.Degraded, expiring.Result, expiring.Finding, data);
        }

        return HealthCheckResult.Healthy($"{results.Count} XProtect servers encrypted as configured and trusted.", data);
    }

    private static HealthCheckResult Result(HealthStatus status, ProbeResult result, TrustFinding finding, Dictionary<string, object> data)
    {
        data["code"] = finding.Code.Id;
        data["server"] = result.Endpoint.ToString();
        return new HealthCheckResult(status, $"{finding.Code.Id}: {result.Endpoint}: {finding.Message}", data: data);
    }

    private async Task<IReadOnlyList<ProbeResult>> ProbeAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var now = _timeProvider.GetUtcNow();
            if (_cached is { } cached && now - cached.At < _cacheDuration)
            {
                return cached.Results;
            }

            var results = await _prober.ProbeAllAsync(_endpoints, cancellationToken).ConfigureAwait(false);
            _cached = (now, results);
            return results;
        }
        finally
        {
            _gate.Release();
        }
    }
}
