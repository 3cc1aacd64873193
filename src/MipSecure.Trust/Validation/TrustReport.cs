using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>The verdict on one presented certificate chain: trusted or not, and every finding in a stable order.</summary>
public sealed class TrustReport
{
    /// <summary>Creates a report.</summary>
    /// <param name="hostName">The host that was checked.</param>
    /// <param name="validatedAt">The UTC time the chain was judged at.</param>
    /// <param name="chain">The chain that was built, leaf first and anchor last; only the leaf when none was built.</param>
    /// <param name="findings">The findings.</param>
    public TrustReport(string hostName, DateTimeOffset validatedAt, IReadOnlyList<CertificateSummary> chain, IEnumerable<TrustFinding> findings)
    {
        HostName = hostName ?? throw new ArgumentNullException(nameof(hostName));
        ValidatedAt = validatedAt.ToUniversalTime();
        Chain = chain ?? throw new ArgumentNullException(nameof(chain));
        Findings = (findings ?? throw new ArgumentNullException(nameof(findings)))
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.Code.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Gets the host that was checked.</summary>
    public string HostName { get; }

    /// <summary>Gets the UTC time the chain was judged at.</summary>
    public DateTimeOffset ValidatedAt { get; }

    /// <summary>Gets the chain that was built, leaf first and anchor last.</summary>
    public IReadOnlyList<CertificateSummary> Chain { get; }

    /// <summary>Gets the findings: errors first, then warnings, then information, each group ordered by code.</summary>
    public IReadOnlyList<TrustFinding> Findings { get; }

    /// <summary>Gets whether the server may be trusted: no finding is an error.</summary>
    public bool IsTrusted => Findings.All(f => f.Severity != FindingSeverity.Error);

    /// <summary>Gets the first error, the one to show when only one fits.</summary>
    public TrustFinding? FirstError => Findings.FirstOrDefault(f => f.Severity == FindingSeverity.Error);

    /// <summary>Gets the earliest notAfter in the chain: when this server stops being trusted unless a certificate is renewed.</summary>
    public DateTimeOffset? EarliestExpiry => Chain.Count == 0 ? null : Chain.Min(c => c.NotAfter);

    /// <summary>Gets whether a finding with <paramref name="code"/> is present.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Has(MipSecCode code) => Findings.Any(f => f.Code.Equals(code));
}
