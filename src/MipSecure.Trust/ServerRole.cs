namespace MipSecure.Trust;

/// <summary>
/// The kind of XProtect server: in the site configuration (<c>mipsecure.json</c>), at a client endpoint and in the
/// simulator. Each kind turns encryption on separately. The order is the order of reports.
/// </summary>
public enum ServerRole
{
    /// <summary>The management server: API gateway, identity provider and configuration (HTTP 80, HTTPS 443).</summary>
    ManagementServer = 0,

    /// <summary>A recording server: ImageServer protocol and web services on its web server port (7563, http or https).</summary>
    RecordingServer = 1,

    /// <summary>A failover recorder: it serves clients like a recording server, at its own URI, when it takes over.</summary>
    FailoverRecorder = 2,

    /// <summary>A mobile server (8081 HTTP, 8082 HTTPS).</summary>
    MobileServer = 3,

    /// <summary>An event server (alarm service 22331, http or https).</summary>
    EventServer = 4,
}
