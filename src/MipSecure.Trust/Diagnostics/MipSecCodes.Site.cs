namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC2001: the management server has encryption on but a recording server does not (XProtect requires every recording server to follow).</summary>
    public static readonly MipSecCode RecordingServerNotEncrypted = new("MIPSEC2001", "Management server encrypted but a recording server is not", FindingSeverity.Error);

    /// <summary>MIPSEC2002: recording servers have encryption on but a failover recorder does not.</summary>
    public static readonly MipSecCode FailoverRecorderNotEncrypted = new("MIPSEC2002", "Recording servers encrypted but a failover recorder is not", FindingSeverity.Warning);

    /// <summary>MIPSEC2003: the management server certificate does not chain to a CA the recording servers trust.</summary>
    public static readonly MipSecCode ManagementServerNotTrustedByRecordingServers = new("MIPSEC2003", "Management server certificate not trusted by the recording servers", FindingSeverity.Error);

    /// <summary>MIPSEC2004: a recording server or failover recorder certificate does not chain to a CA the management server trusts.</summary>
    public static readonly MipSecCode RecordingServerNotTrustedByManagementServer = new("MIPSEC2004", "Recording server certificate not trusted by the management server", FindingSeverity.Error);

    /// <summary>MIPSEC2005: a server certificate does not chain to a CA the clients (Smart Client, MIP integrations) trust.</summary>
    public static readonly MipSecCode ServerNotTrustedByClients = new("MIPSEC2005", "Server certificate not trusted by the clients", FindingSeverity.Error);

    /// <summary>MIPSEC2006: a PFX file holds no private key matching its certificate, so the server's service cannot use it.</summary>
    public static readonly MipSecCode PrivateKeyMissing = new("MIPSEC2006", "PFX holds no matching private key", FindingSeverity.Error);

    /// <summary>MIPSEC2007: a server has an https address but the configuration names no certificate to check.</summary>
    public static readonly MipSecCode EncryptedServerWithoutCertificate = new("MIPSEC2007", "Encrypted server without a certificate to check", FindingSeverity.Info);

    /// <summary>MIPSEC2008: a certificate is prepared for a server whose addresses are all http: encryption is off.</summary>
    public static readonly MipSecCode CertificateReadyButEncryptionOff = new("MIPSEC2008", "Certificate ready but encryption off", FindingSeverity.Info);

    /// <summary>MIPSEC2009: one host name is listed for servers with different certificates.</summary>
    public static readonly MipSecCode HostWithDifferentCertificates = new("MIPSEC2009", "One host, different certificates", FindingSeverity.Warning);

    /// <summary>MIPSEC2010: two servers of the same kind have the same name.</summary>
    public static readonly MipSecCode DuplicateServerName = new("MIPSEC2010", "Duplicate server name", FindingSeverity.Warning);

    /// <summary>MIPSEC2011: a trusted CA certificate expires within the warning window.</summary>
    public static readonly MipSecCode CaCertificateExpiresSoon = new("MIPSEC2011", "Trusted CA certificate expires soon", FindingSeverity.Warning);

    /// <summary>MIPSEC2012: a trusted CA certificate has expired; nothing it issued can be trusted.</summary>
    public static readonly MipSecCode CaCertificateExpired = new("MIPSEC2012", "Trusted CA certificate expired", FindingSeverity.Error);

    /// <summary>MIPSEC2013: a party must verify encrypted servers but no CA certificate is configured for it.</summary>
    public static readonly MipSecCode PartyHasNoTrustedCa = new("MIPSEC2013", "No trusted CA for a verifying party", FindingSeverity.Error);

    /// <summary>MIPSEC2014: the addresses of one server disagree about encryption (one http, one https).</summary>
    public static readonly MipSecCode MixedEncryptionOnServer = new("MIPSEC2014", "Server addresses disagree about encryption", FindingSeverity.Warning);

    /// <summary>MIPSEC2015: a file listed as a trusted CA certificate is not a CA certificate.</summary>
    public static readonly MipSecCode TrustedCertificateNotCertificateAuthority = new("MIPSEC2015", "Trusted certificate is not a CA", FindingSeverity.Warning);

    /// <summary>MIPSEC2020: the management server does not list registered services (older than 2024 R2), so mobile and event servers were not discovered.</summary>
    public static readonly MipSecCode RegisteredServicesUnavailable = new("MIPSEC2020", "Registered services not listed", FindingSeverity.Info);

    /// <summary>MIPSEC2021: public access is on for a server but no public address is known (no public host name, empty activeWebServerUri).</summary>
    public static readonly MipSecCode PublicAddressMissing = new("MIPSEC2021", "Public access on without a public address", FindingSeverity.Warning);

    /// <summary>MIPSEC2023: the site file an audit was asked to write (<c>--write-config</c>), or a certificate file beside it, already exists; nothing was overwritten.</summary>
    public static readonly MipSecCode SiteFileExists = new("MIPSEC2023", "Site file already exists", FindingSeverity.Error);

    /// <summary>
    /// MIPSEC2024: server certificates are issued by a CA that the trusted CA certificates do not hold (often the wrong CA file
    /// is trusted); the "not trusted" findings of every server it issued follow from it.
    /// </summary>
    public static readonly MipSecCode IssuerNotTrusted = new("MIPSEC2024", "Server certificates issued by a CA that is not trusted", FindingSeverity.Error);
}
