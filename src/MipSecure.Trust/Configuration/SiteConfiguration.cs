using System;
using System.Collections.Generic;
using System.Linq;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// A site as <c>mipsecure.json</c> describes it: the servers, the addresses they are reached by, their certificates,
/// and the CA certificates each party trusts. Read one with <see cref="SiteConfigurationLoader"/> or build one in code.
/// </summary>
public sealed class SiteConfiguration
{
    /// <summary>Gets the configuration file as the caller named it; <see langword="null"/> for a site built in code.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? SourcePath { get; init; }

    /// <summary>Gets the trust section.</summary>
    /// <value>The default value is an empty trust section.</value>
    public TrustSettings Trust { get; init; } = new();

    /// <summary>Gets the management server, when the site names one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public ManagementServerConfiguration? ManagementServer { get; init; }

    /// <summary>Gets the recording servers.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<RecordingServerConfiguration> RecordingServers { get; init; } = Array.Empty<RecordingServerConfiguration>();

    /// <summary>Gets the failover recorders.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<FailoverRecorderConfiguration> FailoverRecorders { get; init; } = Array.Empty<FailoverRecorderConfiguration>();

    /// <summary>Gets the mobile servers.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<MobileServerConfiguration> MobileServers { get; init; } = Array.Empty<MobileServerConfiguration>();

    /// <summary>Gets the event servers.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<EventServerConfiguration> EventServers { get; init; } = Array.Empty<EventServerConfiguration>();

    /// <summary>Gets every server: the management server, then recording servers, failover recorders, mobile and event servers, each in file order.</summary>
    public IReadOnlyList<ServerConfiguration> Servers
    {
        get
        {
            var servers = new List<ServerConfiguration>();
            if (ManagementServer is not null)
            {
                servers.Add(ManagementServer);
            }

            servers.AddRange(RecordingServers);
            servers.AddRange(FailoverRecorders.Cast<ServerConfiguration>());
            servers.AddRange(MobileServers);
            servers.AddRange(EventServers);
            return servers;
        }
    }
}
