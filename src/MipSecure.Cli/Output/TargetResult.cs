using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Output;

/// <summary>One target of a command (a certificate, a server, a URI) and what was found.</summary>
internal sealed record TargetResult(string Target, EncryptionState Encryption, IReadOnlyList<TrustFinding> Findings)
{
    public bool Trusted => Findings.All(f => f.Severity != FindingSeverity.Error);
}

/// <summary>Everything a command found; its exit code follows from the findings.</summary>
internal sealed record CommandReport(IReadOnlyList<TargetResult> Results)
{
    public bool HasErrors => Results.Any(r => !r.Trusted);

    public int ExitCode => HasErrors ? ExitCodes.ErrorFinding : ExitCodes.Success;
}
