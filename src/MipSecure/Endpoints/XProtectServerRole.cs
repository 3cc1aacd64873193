namespace MipSecure.Endpoints;

/// <summary>The kind of XProtect server an endpoint belongs to. Each one turns encryption on separately.</summary>
public enum XProtectServerRole
{
    /// <summary>The management server (API gateway, identity provider, configuration; ports 80/443).</summary>
    Management = 0,

    /// <summary>A recording server (ImageServer protocol and web services, port 7563).</summary>
    Recording = 1,

    /// <summary>A failover recording server, which takes over a recording server's web server URI.</summary>
    Failover = 2,

    /// <summary>A mobile server (8081 HTTP, 8082 HTTPS).</summary>
    Mobile = 3,

    /// <summary>The event server (alarm service, port 22331).</summary>
    Event = 4,
}
