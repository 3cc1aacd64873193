using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Discovery;

/// <summary>The result of probing one endpoint.</summary>
public sealed class ProbeResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="endpoint">The endpoint probed.</param>
    /// <param name="outcome">What was found.</param>
    /// <param name="speaksTls">Whether the port spoke TLS; <see langword="null"/> when unknown.</param>
    /// <param name="report">The certificate report, when the server presented a certificate.</param>
    /// <param name="findings">Every finding: the drift finding, if any, then the report's findings.</param>
    /// <param name="elapsed">How long the probe took.</param>
    public ProbeResult(XProtectEndpoint endpoint, ProbeOutcome outcome, bool? speaksTls, TrustReport? report, IEnumerable<TrustFinding> findings, TimeSpan elapsed)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        Outcome = outcome;
        SpeaksTls = speaksTls;
        Report = report;
        Findings = (findings ?? throw new ArgumentNullException(nameof(findings))).OrderByDescending(f => f.Severity).ToList();
        Elapsed = elapsed;
    }

    /// <summary>Gets the endpoint probed.</summary>
    public XProtectEndpoint Endpoint { get; }

    /// <summary>Gets what was found.</summary>
    public ProbeOutcome Outcome { get; }

    /// <summary>Gets whether the port spoke TLS; <see langword="null"/> when unknown.</summary>
    public bool? SpeaksTls { get; }

    /// <summary>Gets the certificate report, when the server presented a certificate.</summary>
    public TrustReport? Report { get; }

    /// <summary>Gets every finding, errors first.</summary>
    public IReadOnlyList<TrustFinding> Findings { get; }

    /// <summary>Gets how long the probe took, on the configured clock.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Gets the certificates the server presented on TLS, leaf first, trusted or not; empty when it presented none.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> PresentedCertificates { get; init; } =
        Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>();

    /// <summary>Gets whether any finding is an error: a connection to this endpoint would fail or must not be trusted.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>Gets whether the finding <paramref name="code"/> is present.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Has(MipSecCode code) => Findings.Any(f => f.Code.Equals(code));

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint}: {Outcome}" + (Findings.Count == 0 ? string.Empty : " — " + string.Join("; ", Findings.Select(f => f.Code.Id)));
}
