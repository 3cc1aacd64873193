using System.Collections.Generic;
using System.Linq;
using MipSecure.Cli.Output;
using MipSecure.Discovery;

namespace MipSecure.Cli.Probing;

/// <summary>Maps probe results onto the command-line report.</summary>
internal static class ProbeReportConversion
{
    public static TargetResult ToTarget(ProbeResult result, bool describe) =>
        new(
            describe ? $"{result.Endpoint.Description} ({result.Endpoint.Uri})" : result.Endpoint.Uri.ToString(),
            Encryption(result),
            result.Findings.ToList());

    public static CommandReport ToReport(IEnumerable<ProbeResult> results, bool describe) =>
        new(results.Select(r => ToTarget(r, describe)).ToList());

    private static EncryptionState Encryption(ProbeResult result) => result.Outcome switch
    {
        ProbeOutcome.Encrypted => EncryptionState.On,
        ProbeOutcome.Plaintext => EncryptionState.Off,
        ProbeOutcome.Unreachable => EncryptionState.Unreachable,
        _ => result.SpeaksTls switch
        {
            true => EncryptionState.On,
            false => EncryptionState.Off,
            null => EncryptionState.Unknown,
        },
    };
}
