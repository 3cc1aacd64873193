namespace MipSecure.Trust.Configuration;

/// <summary>A party that verifies server certificates, each with the CA certificates it has installed.</summary>
public enum TrustingParty
{
    /// <summary>Every client: Smart Client, Management Client, MIP SDK integrations. They verify every server they dial.</summary>
    Clients = 0,

    /// <summary>The recording servers and failover recorders. They verify the management server.</summary>
    RecordingServers = 1,

    /// <summary>The management server. It verifies the recording servers and failover recorders.</summary>
    ManagementServer = 2,
}
