using System;
using MipSecure.Trust.Configuration;

namespace MipSecure.Endpoints;

/// <summary>
/// Maps between the endpoint roles of the client and the server roles of the site model (<c>mipsecure.json</c>), so the
/// library, the rules and the command line name each kind of server the same way.
/// </summary>
public static class XProtectServerRoles
{
    /// <summary>Gets the site model's role for an endpoint role.</summary>
    /// <param name="role">The endpoint role.</param>
    /// <returns>The site model's role.</returns>
    public static ServerRole ToServerRole(this XProtectServerRole role) => role switch
    {
        XProtectServerRole.Management => ServerRole.ManagementServer,
        XProtectServerRole.Recording => ServerRole.RecordingServer,
        XProtectServerRole.Failover => ServerRole.FailoverRecorder,
        XProtectServerRole.Mobile => ServerRole.MobileServer,
        XProtectServerRole.Event => ServerRole.EventServer,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>Gets the endpoint role for a site model's role.</summary>
    /// <param name="role">The site model's role.</param>
    /// <returns>The endpoint role.</returns>
    public static XProtectServerRole ToEndpointRole(this ServerRole role) => role switch
    {
        ServerRole.ManagementServer => XProtectServerRole.Management,
        ServerRole.RecordingServer => XProtectServerRole.Recording,
        ServerRole.FailoverRecorder => XProtectServerRole.Failover,
        ServerRole.MobileServer => XProtectServerRole.Mobile,
        ServerRole.EventServer => XProtectServerRole.Event,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };
}
