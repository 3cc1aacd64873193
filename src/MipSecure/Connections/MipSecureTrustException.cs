using System;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Connections;

/// <summary>
/// The server's certificate was not trusted. The code is the first error finding of <see cref="Report"/>
/// (for example MIPSEC1001 or MIPSEC1002). Such a failure is never retried and never opens a circuit breaker.
/// </summary>
public sealed class MipSecureTrustException : MipSecureConnectionException
{
    /// <summary>Creates an exception from an untrusted report.</summary>
    /// <param name="endpoint">The endpoint whose certificate failed.</param>
    /// <param name="report">The validation report; it must hold an error finding.</param>
    /// <param name="innerException">The TLS exception, if any.</param>
    public MipSecureTrustException(XProtectEndpoint endpoint, TrustReport report, Exception? innerException = null)
        : base(
            FirstError(report).Code,
            endpoint,
            $"The TLS connection to the {endpoint?.Description} at {endpoint?.Uri} was refused because its certificate is not trusted: {FirstError(report).Message}",
            FirstError(report).Remedy,
            isTransient: false,
            innerException)
    {
        Report = report;
    }

    /// <summary>Gets the full validation report, with every finding.</summary>
    public TrustReport Report { get; }

    /// <summary>Gets the finding that decided the failure.</summary>
    public TrustFinding Finding => FirstError(Report);

    private static TrustFinding FirstError(TrustReport report)
    {
        if (report is null)
        {
            throw new ArgumentNullException(nameof(report));
        }

        return report.FirstError ?? throw new ArgumentException("The report has no error finding, so it is trusted.", nameof(report));
    }
}
