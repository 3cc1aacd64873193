namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC5001: a certificate validation callback accepts every certificate.</summary>
    public static readonly MipSecCode ValidationCallbackAcceptsAll = new("MIPSEC5001", "Certificate validation callback accepts every certificate", FindingSeverity.Warning);

    /// <summary>MIPSEC5002: code uses HttpClientHandler.DangerousAcceptAnyServerCertificateValidator.</summary>
    public static readonly MipSecCode DangerousAcceptAnyServerCertificate = new("MIPSEC5002", "DangerousAcceptAnyServerCertificateValidator turns validation off", FindingSeverity.Warning);

    /// <summary>MIPSEC5003: ServicePointManager.ServerCertificateValidationCallback accepts every certificate for the whole process.</summary>
    public static readonly MipSecCode ProcessWideValidationCallbackAcceptsAll = new("MIPSEC5003", "Process-wide validation callback accepts every certificate", FindingSeverity.Warning);

    /// <summary>MIPSEC5010: the MSBuild that runs the build check is too old to start the check's .NET task host.</summary>
    public static readonly MipSecCode MSBuildTooOld = new("MIPSEC5010", "MSBuild too old for the trust check", FindingSeverity.Error);

    /// <summary>MIPSEC5011: the trust configuration file named by the build does not exist.</summary>
    public static readonly MipSecCode TrustConfigurationNotFound = new("MIPSEC5011", "Trust configuration file not found", FindingSeverity.Error);

    /// <summary>MIPSEC5012: a MipSecureCertificate item has no HostName.</summary>
    public static readonly MipSecCode CertificateItemHostNameMissing = new("MIPSEC5012", "Certificate item without a host name", FindingSeverity.Error);

    /// <summary>MIPSEC5013: a MipSecureCertificate item names a role MipSecure does not know.</summary>
    public static readonly MipSecCode CertificateItemRoleUnknown = new("MIPSEC5013", "Unknown server role", FindingSeverity.Error);

    /// <summary>MIPSEC5014: certificates are listed for the build check but no trusted CA certificate is.</summary>
    public static readonly MipSecCode TrustedCaMissing = new("MIPSEC5014", "No trusted CA certificate for the build check", FindingSeverity.Error);

    /// <summary>MIPSEC5015: a build property of the trust check has a value it cannot use.</summary>
    public static readonly MipSecCode BuildPropertyInvalid = new("MIPSEC5015", "Invalid build check property", FindingSeverity.Error);

    /// <summary>MIPSEC5016: <c>mipsecure explain</c> was given a code MipSecure does not have.</summary>
    public static readonly MipSecCode UnknownCode = new("MIPSEC5016", "Unknown MIPSEC code", FindingSeverity.Error);

    /// <summary>MIPSEC5017: <c>mipsecure demo</c> or <c>simulate</c> runs where the ASP.NET Core runtime the simulated site needs is not installed.</summary>
    public static readonly MipSecCode AspNetCoreRuntimeMissing = new("MIPSEC5017", "ASP.NET Core runtime missing for the simulated site", FindingSeverity.Error);

    /// <summary>MIPSEC5018: the native <c>mipsecure</c> found no full tool executable beside it to run a command other than <c>verify</c>.</summary>
    public static readonly MipSecCode ToolInstallationIncomplete = new("MIPSEC5018", "Tool installation incomplete", FindingSeverity.Error);
}
