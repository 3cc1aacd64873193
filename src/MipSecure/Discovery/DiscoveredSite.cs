using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Endpoints;

namespace MipSecure.Discovery;

/// <summary>Every server of a site that an integration talks to, each with the encryption its configuration states.</summary>
public sealed class DiscoveredSite
{
    /// <summary>Creates a site description.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="recordingServers">The recording servers.</param>
    /// <param name="failoverRecorders">The failover recorders.</param>
    /// <param name="otherServers">Mobile servers, event servers and other endpoints.</param>
    /// <param name="productVersion">The XProtect version, when known.</param>
    public DiscoveredSite(
        XProtectEndpoint? managementServer,
        IEnumerable<DiscoveredServer> recordingServers,
        IEnumerable<DiscoveredServer> failoverRecorders,
        IEnumerable<XProtectEndpoint>? otherServers = null,
        string? productVersion = null)
    {
        ManagementServer = managementServer;
        RecordingServers = (recordingServers ?? throw new ArgumentNullException(nameof(recordingServers))).ToList();
        FailoverRecorders = (failoverRecorders ?? throw new ArgumentNullException(nameof(failoverRecorders))).ToList();
        OtherServers = otherServers?.ToList() ?? new List<XProtectEndpoint>();
        ProductVersion = productVersion;
    }

    /// <summary>Gets the management server, when known.</summary>
    public XProtectEndpoint? ManagementServer { get; }

    /// <summary>Gets the recording servers.</summary>
    public IReadOnlyList<DiscoveredServer> RecordingServers { get; }

    /// <summary>Gets the failover recorders.</summary>
    public IReadOnlyList<DiscoveredServer> FailoverRecorders { get; }

    /// <summary>Gets the other servers (mobile, event).</summary>
    public IReadOnlyList<XProtectEndpoint> OtherServers { get; }

    /// <summary>Gets the XProtect version, when known.</summary>
    public string? ProductVersion { get; }

    /// <summary>Gets every endpoint of the site: management first, then recording servers, failover recorders and the rest.</summary>
    public IEnumerable<XProtectEndpoint> AllEndpoints =>
        (ManagementServer is null ? Enumerable.Empty<XProtectEndpoint>() : new[] { ManagementServer })
            .Concat(RecordingServers.Select(s => s.Endpoint))
            .Concat(FailoverRecorders.Select(s => s.Endpoint))
            .Concat(OtherServers);

    /// <summary>
    /// Describes a site from URIs the integration already has (for example <c>ServerId.Uri</c> of each recording server),
    /// without asking the management server.
    /// </summary>
    /// <param name="endpoints">The endpoints, any role.</param>
    /// <returns>The site.</returns>
    public static DiscoveredSite FromEndpoints(IEnumerable<XProtectEndpoint> endpoints)
    {
        if (endpoints is null)
        {
            throw new ArgumentNullException(nameof(endpoints));
        }

        var all = endpoints.ToList();
        DiscoveredServer Describe(XProtectEndpoint e) => new(e.Name, e, e.Uri, null, publicAccessEnabled: false, enabled: true);
        return new DiscoveredSite(
            all.FirstOrDefault(e => e.Role == XProtectServerRole.Management),
            all.Where(e => e.Role == XProtectServerRole.Recording).Select(Describe),
            all.Where(e => e.Role == XProtectServerRole.Failover).Select(Describe),
            all.Where(e => e.Role is XProtectServerRole.Mobile or XProtectServerRole.Event));
    }
}
