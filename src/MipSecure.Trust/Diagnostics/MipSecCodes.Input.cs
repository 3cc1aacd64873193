namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC3001: a certificate file does not exist.</summary>
    public static readonly MipSecCode CertificateFileNotFound = new("MIPSEC3001", "Certificate file not found", FindingSeverity.Error);

    /// <summary>MIPSEC3002: a certificate file is empty.</summary>
    public static readonly MipSecCode CertificateFileEmpty = new("MIPSEC3002", "Certificate file empty", FindingSeverity.Error);

    /// <summary>MIPSEC3003: a certificate file is larger than any certificate file should be.</summary>
    public static readonly MipSecCode CertificateFileTooLarge = new("MIPSEC3003", "Certificate file too large", FindingSeverity.Error);

    /// <summary>MIPSEC3004: a file holds no certificate in a format MipSecure reads (PEM, DER, PFX).</summary>
    public static readonly MipSecCode NotACertificate = new("MIPSEC3004", "Not a certificate", FindingSeverity.Error);

    /// <summary>MIPSEC3005: a certificate file is truncated or corrupt.</summary>
    public static readonly MipSecCode CertificateCorrupt = new("MIPSEC3005", "Certificate truncated or corrupt", FindingSeverity.Error);

    /// <summary>MIPSEC3006: a PFX file cannot be opened with the password given.</summary>
    public static readonly MipSecCode PfxPasswordWrong = new("MIPSEC3006", "Wrong PFX password", FindingSeverity.Error);

    /// <summary>MIPSEC3007: the environment variable that should hold a PFX password is not set.</summary>
    public static readonly MipSecCode PasswordVariableMissing = new("MIPSEC3007", "Password variable not set", FindingSeverity.Error);

    /// <summary>MIPSEC3008: a certificate store reference was given where the platform has no such store.</summary>
    public static readonly MipSecCode CertificateStoreUnavailable = new("MIPSEC3008", "Certificate store not available", FindingSeverity.Error);

    /// <summary>MIPSEC3009: no certificate with the given thumbprint is in the store.</summary>
    public static readonly MipSecCode CertificateNotInStore = new("MIPSEC3009", "Certificate not found in store", FindingSeverity.Error);

    /// <summary>MIPSEC3010: a certificate file cannot be read (permissions, a folder, a locked file).</summary>
    public static readonly MipSecCode CertificateFileUnreadable = new("MIPSEC3010", "Certificate file unreadable", FindingSeverity.Error);
}
