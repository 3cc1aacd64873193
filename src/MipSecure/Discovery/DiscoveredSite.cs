using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Endpoints;
using MipSecure.Trust.Configuration;
using MipSecure.Trust;

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

    /// <summary>Gets the mobile and event servers the registered services list (2024 R2 and later).</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<DiscoveredService> Services { get; init; } = Array.Empty<DiscoveredService>();

    /// <summary>
    /// Gets whether the management server answered <c>/api/rest/v1/registeredServices</c>. Sites older than 2024 R2 do not
    /// have it: their mobile and event servers cannot be discovered and must be given by the caller.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool RegisteredServicesListed { get; init; }

    /// <summary>Gets the API gateway the REST API was read from, when known (it may be on another host than the management server).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? ApiGateway { get; init; }

    /// <summary>Gets the identity provider the token came from, when known.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? IdentityProvider { get; init; }

    /// <summary>
    /// Gets every endpoint of the site: management first, then every address of the recording servers and failover recorders
    /// (<see cref="DiscoveredServer.Addresses"/>), then the other servers and the address clients use of each of <see cref="Services"/>.
    /// </summary>
    public IEnumerable<XProtectEndpoint> AllEndpoints =>
        (ManagementServer is null ? Enumerable.Empty<XProtectEndpoint>() : new[] { ManagementServer })
            .Concat(RecordingServers.SelectMany(s => s.Addresses))
            .Concat(FailoverRecorders.SelectMany(s => s.Addresses))
            .Concat(OtherServers)
            .Concat(Services.Select(s => s.Endpoint))
            .Distinct();

    /// <summary>
    /// Lists every server of a <c>mipsecure.json</c> site file with the addresses clients dial
    /// (<see cref="ServerConfiguration.DialledEndpoints"/>), each with the encryption its URI states. A recorder's
    /// <see cref="DiscoveredServer.Endpoint"/> is the address in use: <c>activeWebServerUri</c> when configured, else
    /// <c>webServerUri</c>; its <see cref="DiscoveredServer.Addresses"/> are all it is dialled at.
    /// </summary>
    /// <param name="site">The site model, for example from <c>SiteConfigurationLoader.Load(path).GetConfigurationOrThrow()</c>.</param>
    /// <returns>The site.</returns>
    public static DiscoveredSite FromSiteFile(SiteConfiguration site)
    {
        if (site is null)
        {
            throw new ArgumentNullException(nameof(site));
        }

        static DiscoveredServer Recorder(RecordingServerConfiguration recorder)
        {
            var dialled = XProtectEndpoint.DialledBy(recorder);
            var inUse = dialled.FirstOrDefault(e => e.Uri == recorder.ActiveWebServerUri) ?? dialled[0];
            return new DiscoveredServer(recorder.Name, inUse, recorder.WebServerUri, recorder.ActiveWebServerUri, publicAccessEnabled: false, enabled: true)
            {
                Addresses = new[] { inUse }.Concat(dialled.Where(e => !e.Equals(inUse))).ToList(),
            };
        }

        var management = site.ManagementServer is null ? null : XProtectEndpoint.DialledBy(site.ManagementServer)[0];
        var others = site.MobileServers.Cast<ServerConfiguration>().Concat(site.EventServers).SelectMany(XProtectEndpoint.DialledBy);
        return new DiscoveredSite(
            management,
            site.RecordingServers.Where(r => r is not FailoverRecorderConfiguration).Select(Recorder),
            site.FailoverRecorders.Select(Recorder),
            others);
    }

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
        static DiscoveredServer Describe(XProtectEndpoint e) => new(e.Name, e, e.Uri, null, publicAccessEnabled: false, enabled: true);
        return new DiscoveredSite(
            all.FirstOrDefault(e => e.Role == ServerRole.ManagementServer),
            all.Where(e => e.Role == ServerRole.RecordingServer).Select(Describe),
            all.Where(e => e.Role == ServerRole.FailoverRecorder).Select(Describe),
            all.Where(e => e.Role is ServerRole.MobileServer or ServerRole.EventServer));
    }
}
