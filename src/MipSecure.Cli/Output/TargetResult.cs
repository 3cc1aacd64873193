using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Output;

/// <summary>
/// One target of a command and what was found. <see cref="Target"/> is, in every command, what a client dials: the server's
/// URI, or the host name a certificate was verified for; <see cref="Server"/> names the server when it is known.
/// </summary>
internal sealed record TargetResult(string Target, EncryptionState Encryption, IReadOnlyList<TrustFinding> Findings)
{
    /// <summary>The server, e.g. "recording server 'Recorder 1'"; <see langword="null"/> when only an address is known.</summary>
    public string? Server { get; init; }

    /// <summary>Whether a certificate was validated. Without one (plaintext, unreachable) there is no trust verdict.</summary>
    public bool CertificateChecked { get; init; }

    /// <summary>The certificates checked (the server's own first), healthy ones too, so that "what expires next" can be scripted.</summary>
    public IReadOnlyList<CertificateSummary> Certificates { get; init; } = new List<CertificateSummary>();

    /// <summary>Where in a file each finding comes from, when it comes from a file.</summary>
    public IReadOnlyDictionary<TrustFinding, SourceLocation> Locations { get; init; } = new Dictionary<TrustFinding, SourceLocation>();

    /// <summary><see langword="true"/> or <see langword="false"/> when a certificate was checked; <see langword="null"/> (n/a) when none was.</summary>
    public bool? Trusted => CertificateChecked ? !HasErrors : null;

    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>How a person reads the target: the server and its address, or just the address.</summary>
    public string DisplayName => Server is null ? Target : $"{Server} ({Target})";

    public SourceLocation? LocationOf(TrustFinding finding) => Locations.TryGetValue(finding, out var location) && location.FilePath is not null ? location : null;
}

/// <summary>Everything a command found; its exit code follows from the findings (<see cref="ExitCodes.Of(IEnumerable{TrustFinding})"/>).</summary>
internal sealed record CommandReport(IReadOnlyList<TargetResult> Results)
{
    public bool HasErrors => Results.Any(r => r.HasErrors);

    public int ExitCode => ExitCodes.Of(Results.SelectMany(r => r.Findings));
}
