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

    /// <summary>Whether this is the row of findings about the site as a whole (the file, the trust lists, causes), not a server.</summary>
    public bool IsSite { get; init; }

    /// <summary>
    /// For each finding of this target that follows from another (its cause, usually on the site row), that cause. The
    /// consequence still counts for <see cref="HasErrors"/> and the exit code; the writers show it under its cause.
    /// </summary>
    public IReadOnlyDictionary<TrustFinding, TrustFinding> Causes { get; init; } = new Dictionary<TrustFinding, TrustFinding>();

    /// <summary>
    /// <see langword="true"/> or <see langword="false"/> when a certificate was checked against trusted CA certificates;
    /// <see langword="null"/> (not checked) when none was: plaintext, unreachable, no certificate, or no CA certificate could be read.
    /// </summary>
    public bool? Trusted => CertificateChecked ? !HasErrors : null;

    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>How a person reads the target: the server and its address, or just the address.</summary>
    public string DisplayName => Server is null ? Target : $"{Server} ({Target})";

    public SourceLocation? LocationOf(TrustFinding finding) => Locations.TryGetValue(finding, out var location) && location.FilePath is not null ? location : null;

    /// <summary>The finding <paramref name="finding"/> follows from; <see langword="null"/> when it stands on its own.</summary>
    public TrustFinding? CauseOf(TrustFinding finding) => Causes.TryGetValue(finding, out var cause) ? cause : null;

    /// <summary>The findings that stand on their own (causes included): what the writers list under the target.</summary>
    public IEnumerable<TrustFinding> OwnFindings => Findings.Where(f => CauseOf(f) is null);
}

/// <summary>A finding that follows from a cause, with the target it is about.</summary>
internal sealed record Consequence(TargetResult Target, TrustFinding Finding);

/// <summary>Everything a command found; its exit code follows from the findings (<see cref="ExitCodes.Of(IEnumerable{TrustFinding})"/>).</summary>
internal sealed record CommandReport(IReadOnlyList<TargetResult> Results)
{
    public bool HasErrors => Results.Any(r => r.HasErrors);

    public int ExitCode => ExitCodes.Of(Results.SelectMany(r => r.Findings));

    /// <summary>Every consequence in the report, in target order.</summary>
    public IEnumerable<Consequence> Consequences =>
        Results.SelectMany(r => r.Findings.Where(f => r.CauseOf(f) is not null).Select(f => new Consequence(r, f)));

    /// <summary>The findings that follow from <paramref name="cause"/>, in target order.</summary>
    public IReadOnlyList<Consequence> ConsequencesOf(TrustFinding cause) =>
        Consequences.Where(c => ReferenceEquals(c.Target.CauseOf(c.Finding), cause)).ToList();

    /// <summary>The number of findings others follow from.</summary>
    public int CauseCount => Consequences.Select(c => c.Target.CauseOf(c.Finding)!).Distinct(ReferenceEqualityComparer.Instance).Count();

    /// <summary>The number of findings that follow from a cause.</summary>
    public int ConsequenceCount => Consequences.Count();
}
