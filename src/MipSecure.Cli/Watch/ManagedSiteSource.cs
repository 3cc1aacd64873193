using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Audit;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Watch;

/// <summary>
/// Audits a live site through its management server with the same code as <c>mipsecure audit</c>: login, discovery, a probe
/// of every address clients use, the login proven on each recording server, and the site rules.
/// </summary>
internal sealed class ManagedSiteSource : ISiteSnapshotSource
{
    private readonly AuditOptions _options;

    public ManagedSiteSource(AuditOptions options) => _options = options;

    /// <summary>Gets the management server's address and who logs in: never the password.</summary>
    public string Description => $"{_options.ManagementServer.GetLeftPart(UriPartial.Authority)} as {_options.Login.Description}";

    public async Task<SiteSnapshot> CaptureAsync(CancellationToken cancellationToken)
    {
        var result = await SiteAuditor.AuditAsync(_options, progress: null, cancellationToken).ConfigureAwait(false);

        // The report has one target per probe, in the same order, then the site-wide findings.
        var servers = result.Probes.Select((probe, i) =>
        {
            var proof = result.Proofs.FirstOrDefault(p => p.Recorder == probe.Endpoint);
            var accepted = proof?.Outcome switch
            {
                LoginProofOutcome.Accepted => true,
                LoginProofOutcome.TokenRefused or LoginProofOutcome.NoFrame => false,
                _ => (bool?)null,
            };
            var findings = result.Report.Results[i].Findings;
            if (probe.Endpoint.Role == ServerRole.ManagementServer && i == 0)
            {
                // A token that reads the configuration, or is denied it for its role, was issued: the login itself worked.
                accepted = findings.Any(f => f.Code.Equals(MipSecCodes.AuthorizationFailed)) ? false
                    : result.Discovered is not null || findings.Any(f => f.Code.Equals(MipSecCodes.ConfigurationAccessDenied)) ? true
                    : null;
            }

            return ProbeObservations.From(probe, loginAccepted: accepted) with { Findings = findings };
        }).ToList();
        var siteWide = result.Report.Results.Skip(result.Probes.Count).SelectMany(t => t.Findings).ToList();
        return new SiteSnapshot(
            _options.TimeProvider.GetUtcNow(), servers, siteWide, LoginChain(servers), TimeSpan.FromDays(_options.ExpiryWarningDays));
    }

    // The chain works when the management server took the login and no recording server refused its token; it is unknown
    // when the management server could not be asked at all.
    private static bool? LoginChain(System.Collections.Generic.List<ServerObservation> servers)
    {
        if (servers.Count == 0 || servers[0].LoginAccepted is not { } management)
        {
            return null;
        }

        return management && servers.All(s => s.LoginAccepted != false);
    }
}
