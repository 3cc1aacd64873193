namespace MipSecure.Testing.Simulation;

/// <summary>The XProtect server a simulated server stands in for.</summary>
public enum SimulatedServerRole
{
    /// <summary>The management server: API gateway, identity provider and REST configuration API, with an HTTP and (encrypted) an HTTPS listener.</summary>
    ManagementServer = 0,

    /// <summary>A recording server: ImageServer protocol, <c>/imageserver</c> and RecorderCommandService on one port, TLS or plaintext.</summary>
    RecordingServer = 1,

    /// <summary>A failover recorder: behaves as a recording server with its own URI.</summary>
    FailoverRecorder = 2,

    /// <summary>A mobile server: <c>/XProtectMobile/Communication</c> on an HTTP listener and (encrypted) an HTTPS listener.</summary>
    MobileServer = 3,

    /// <summary>An event server: the alarm service on one port, HTTP or HTTPS.</summary>
    EventServer = 4,
}
