namespace MipSecure.Trust.Configuration;

/// <summary>The kind of XProtect server an entry of the site configuration describes. The order is the order of reports.</summary>
public enum ServerRole
{
    /// <summary>The management server (HTTP 80, HTTPS 443).</summary>
    ManagementServer = 0,

    /// <summary>A recording server (web server port 7563, http or https).</summary>
    RecordingServer = 1,

    /// <summary>A failover recording server; it serves clients like a recording server when it takes over.</summary>
    FailoverRecorder = 2,

    /// <summary>A mobile server (8081 HTTP, 8082 HTTPS).</summary>
    MobileServer = 3,

    /// <summary>An event server (alarm service 22331, http or https).</summary>
    EventServer = 4,
}
