using System.Collections.Generic;
using System.Linq;
using MipSecure.Cli.Output;
using MipSecure.Discovery;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Probing;

/// <summary>Maps probe results onto the command-line report.</summary>
internal static class ProbeReportConversion
{
    public static TargetResult ToTarget(ProbeResult result, bool describe) =>
        new(result.Endpoint.Uri.ToString(), Encryption(result), CliWords.Translate(result.Findings))
        {
            Server = describe ? result.Endpoint.Description : null,
            // Validated against no CA certificate at all (MIPSEC1020) is not a trust verdict.
            CertificateChecked = result.Report is not null && !result.Report.Has(MipSecCodes.NoTrustAnchors),
            Certificates = Certificates(result),
        };

    /// <summary>The probes' report; with <paramref name="anchors"/>, one issuer refused on several targets is grouped under one cause.</summary>
    public static CommandReport ToReport(IEnumerable<ProbeResult> results, bool describe, TrustAnchorSet? anchors = null, string trustList = "the --ca files")
    {
        var report = new CommandReport(results.Select(r => ToTarget(r, describe)).ToList());
        return anchors is null ? report : IssuerCauses.Group(report, anchors, trustList);
    }

    // The server's own certificate as presented (with its issuer and names), then the rest of the chain as validated.
    private static IReadOnlyList<CertificateSummary> Certificates(ProbeResult result)
    {
        var chain = result.Report?.Chain ?? new List<CertificateSummary>();
        if (result.PresentedCertificates.Count == 0)
        {
            return chain;
        }

        var presented = CertificateSummaries.From(result.PresentedCertificates[0]);
        return new[] { presented }.Concat(chain.Where(c => c.Thumbprint != presented.Thumbprint)).ToList();
    }

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
