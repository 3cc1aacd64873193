using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Trust;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;

namespace MipSecure.Cli.Audit;

/// <summary>
/// The site model the rules run on, built from what the audit found: the discovered servers with the addresses clients use,
/// the certificate each one presented, and the CA certificates the audit trusts. It is the same model mipsecure.json
/// describes, so <c>--write-config</c> saves exactly what was judged.
/// </summary>
internal static class AuditedSite
{
    public static SiteConfiguration Build(XProtectEndpoint managementServer, DiscoveredSite? discovered, IReadOnlyList<ProbeResult> probes, TrustAnchorSet anchors)
    {
        CertificateReference? PresentedBy(IEnumerable<Uri> uris)
        {
            var wanted = uris.ToHashSet();
            var presented = probes.FirstOrDefault(p => wanted.Contains(p.Endpoint.Uri) && p.PresentedCertificates.Count > 0)?.PresentedCertificates;
            return presented is null ? null : CertificateReference.FromCertificate(presented[0], presented.Skip(1));
        }

        RecordingServerConfiguration Recorder(DiscoveredServer server, bool failover)
        {
            // The public address joins the model only when clients use it, so the certificate must then name its host too.
            var outside = server.Addresses.Select(a => a.Uri).FirstOrDefault(u => u != server.WebServerUri);
            var certificate = PresentedBy(server.Addresses.Select(a => a.Uri));
            return failover
                ? new FailoverRecorderConfiguration(server.Name, server.WebServerUri) { ActiveWebServerUri = outside, Certificate = certificate }
                : new RecordingServerConfiguration(server.Name, server.WebServerUri) { ActiveWebServerUri = outside, Certificate = certificate };
        }

        var services = discovered?.Services ?? Array.Empty<DiscoveredService>();
        return new SiteConfiguration
        {
            Trust = new TrustSettings { CaCertificates = anchors.Certificates.Select(c => CertificateReference.FromCertificate(c)).ToList() },
            ManagementServer = new ManagementServerConfiguration(managementServer.Uri, managementServer.Name)
            {
                Certificate = PresentedBy(new[] { managementServer.Uri }),
            },
            RecordingServers = discovered?.RecordingServers.Select(r => Recorder(r, failover: false)).ToList() ?? new List<RecordingServerConfiguration>(),
            FailoverRecorders = discovered?.FailoverRecorders.Select(f => (FailoverRecorderConfiguration)Recorder(f, failover: true)).ToList() ?? new List<FailoverRecorderConfiguration>(),
            MobileServers = services.Where(s => s.Role == ServerRole.MobileServer)
                .Select(s => new MobileServerConfiguration(s.Name, s.HttpUri, s.HttpsUri) { Certificate = PresentedBy(s.Uris) })
                .ToList(),
            EventServers = services.Where(s => s.Role == ServerRole.EventServer)
                .Select(s => new EventServerConfiguration(s.Name, s.HttpsUri ?? s.HttpUri!) { Certificate = PresentedBy(s.Uris) })
                .ToList(),
        };
    }
}
