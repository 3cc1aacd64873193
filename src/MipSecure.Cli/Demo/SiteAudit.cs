using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Output;
using MipSecure.Cli.Probing;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Http;
using MipSecure.Options;
using MipSecure.Resilience;
using MipSecure.Testing.Simulation;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Demo;

/// <summary>What an audit of a running site found: a probe per server, the site-wide rules, and when each certificate expires.</summary>
internal sealed record SiteAuditResult(CommandReport Report, IReadOnlyList<ProbeResult> Probes);

/// <summary>
/// Audits a simulated site the way an integration sees a real one: discovers the servers from the management server's
/// REST API, probes each one for encryption, validates its certificate, and applies the XProtect encryption rules.
/// </summary>
internal static class SiteAudit
{
    public static async Task<SiteAuditResult> RunAsync(SimulatedSite site, CliContext context, CancellationToken cancellationToken)
    {
        var overrides = new AddressOverrides(site.HostMap.Keys.Select(host => new KeyValuePair<string, string>(host, "127.0.0.1")));
        var validator = new CertificateValidator(site.TrustAnchors, new CertificateValidationOptions { TimeProvider = context.TimeProvider });
        var options = new MipSecureOptions();
        options.Retry.MaxRetryAttempts = 1;
        var management = new XProtectEndpoint(site.ManagementServer.Uri, XProtectServerRole.Management, site.ManagementServer.HostName);

        DiscoveredSite discovered;
        using (var handler = new SecureHttpHandler(validator, new ConnectionResilience(options, context.TimeProvider), overrides))
        using (var http = new HttpClient(handler, disposeHandler: false))
        {
            discovered = await new ManagementServerDiscovery(http, context.TimeProvider)
                .DiscoverAsync(management, site.Credentials.UserName, site.Credentials.Password, cancellationToken)
                .ConfigureAwait(false);
        }

        // Mobile servers are not listed by the management server's REST API: an integration knows their addresses.
        var endpoints = discovered.AllEndpoints
            .Concat(site.MobileServers.Select(m => new XProtectEndpoint(m.Uri, XProtectServerRole.Mobile, m.Name)))
            .ToList();
        var prober = new EncryptionProber(validator, new ProbeSettings { Timeout = TimeSpan.FromSeconds(5) }, context.TimeProvider, overrides);
        var probes = await ProbeRunner.RunAsync(prober, endpoints, 8, context.Console, cancellationToken).ConfigureAwait(false);

        // A site rule about one server (R5: a recording server in plaintext) belongs with that server's probe.
        var siteFindings = SiteRuleFindings(discovered, site, context.TimeProvider);
        var targets = probes.Select(p =>
        {
            var target = ProbeReportConversion.ToTarget(p, describe: true);
            var own = siteFindings.Where(f => f.ServerName == p.Endpoint.Name && f.ServerRole is not null).Select(f => f.Finding);
            return target with { Findings = target.Findings.Concat(own).ToList() };
        }).ToList();
        var siteWide = siteFindings.Where(f => !probes.Any(p => p.Endpoint.Name == f.ServerName)).Select(f => f.Finding).ToList();
        if (siteWide.Count > 0)
        {
            targets.Add(new TargetResult("site encryption rules", EncryptionState.Unknown, siteWide));
        }

        return new SiteAuditResult(new CommandReport(targets), probes);
    }

    // The R5/R6 rules need the whole site: build its configuration from what was discovered and run the site checks.
    private static List<SiteFinding> SiteRuleFindings(DiscoveredSite discovered, SimulatedSite site, TimeProvider timeProvider)
    {
        var configuration = new SiteConfiguration
        {
            Trust = new TrustSettings { CaCertificates = new[] { CertificateReference.FromCertificate(site.RootCertificate) } },
            ManagementServer = new ManagementServerConfiguration(discovered.ManagementServer?.Uri ?? site.ManagementServer.Uri, site.ManagementServer.HostName),
            RecordingServers = discovered.RecordingServers.Select(r => new RecordingServerConfiguration(r.Name, r.WebServerUri)).ToList(),
            FailoverRecorders = discovered.FailoverRecorders.Select(f => new FailoverRecorderConfiguration(f.Name, f.WebServerUri)).ToList(),
            MobileServers = site.MobileServers.Select(m => new MobileServerConfiguration(m.Name, m.HttpEndpoint?.Uri, m.HttpsEndpoint?.Uri)).ToList(),
        };
        var report = SiteChecker.Check(configuration, new SiteCheckOptions { TimeProvider = timeProvider });
        return report.Findings
            .Where(f => f.Severity != FindingSeverity.Info && f.Code.Id.StartsWith("MIPSEC2", StringComparison.Ordinal))
            .ToList();
    }
}
