namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC1001: the chain does not lead to a CA certificate the verifying party has installed.</summary>
    public static readonly MipSecCode CertificateUntrusted = new("MIPSEC1001", "Certificate not issued by a trusted CA", FindingSeverity.Error);

    /// <summary>MIPSEC1002: the certificate does not name the host that was dialled.</summary>
    public static readonly MipSecCode HostNameMismatch = new("MIPSEC1002", "Certificate does not name the host", FindingSeverity.Error);

    /// <summary>MIPSEC1003: the host matched only through the subject common name, because the certificate has no subject alternative names.</summary>
    public static readonly MipSecCode HostNameFromCommonName = new("MIPSEC1003", "Host name matched through the common name only", FindingSeverity.Warning);

    /// <summary>MIPSEC1004: a certificate in the chain has expired.</summary>
    public static readonly MipSecCode CertificateExpired = new("MIPSEC1004", "Certificate expired", FindingSeverity.Error);

    /// <summary>MIPSEC1005: a certificate in the chain is not valid yet.</summary>
    public static readonly MipSecCode CertificateNotYetValid = new("MIPSEC1005", "Certificate not valid yet", FindingSeverity.Error);

    /// <summary>MIPSEC1006: a certificate in the chain expires within the warning window.</summary>
    public static readonly MipSecCode CertificateExpiresSoon = new("MIPSEC1006", "Certificate expires soon", FindingSeverity.Warning);

    /// <summary>MIPSEC1007: the server certificate is not marked for server authentication.</summary>
    public static readonly MipSecCode ServerAuthenticationUsageMissing = new("MIPSEC1007", "Certificate not issued for server authentication", FindingSeverity.Error);

    /// <summary>MIPSEC1008: a CA certificate is presented as the server certificate.</summary>
    public static readonly MipSecCode CaCertificateAsServerCertificate = new("MIPSEC1008", "CA certificate used as server certificate", FindingSeverity.Error);

    /// <summary>MIPSEC1009: a key in the chain is too weak.</summary>
    public static readonly MipSecCode WeakKey = new("MIPSEC1009", "Weak key", FindingSeverity.Error);

    /// <summary>MIPSEC1010: a signature in the chain uses a broken hash algorithm.</summary>
    public static readonly MipSecCode WeakSignatureAlgorithm = new("MIPSEC1010", "Weak signature algorithm", FindingSeverity.Error);

    /// <summary>MIPSEC1011: an issuing certificate is not a CA (basic constraints).</summary>
    public static readonly MipSecCode IssuerNotCertificateAuthority = new("MIPSEC1011", "Issuer is not a CA", FindingSeverity.Error);

    /// <summary>MIPSEC1012: the chain is longer than a CA's path length constraint or the configured maximum depth allows.</summary>
    public static readonly MipSecCode PathLengthExceeded = new("MIPSEC1012", "Chain too long", FindingSeverity.Error);

    /// <summary>MIPSEC1013: a key usage forbids what the certificate is used for.</summary>
    public static readonly MipSecCode KeyUsageNotAllowed = new("MIPSEC1013", "Key usage does not allow this use", FindingSeverity.Error);

    /// <summary>MIPSEC1014: a name in the certificate is outside a CA's name constraints.</summary>
    public static readonly MipSecCode NameConstraintViolated = new("MIPSEC1014", "Name outside the CA's name constraints", FindingSeverity.Error);

    /// <summary>MIPSEC1015: a signature in the chain does not verify.</summary>
    public static readonly MipSecCode SignatureInvalid = new("MIPSEC1015", "Signature does not verify", FindingSeverity.Error);

    /// <summary>MIPSEC1016: a certificate carries a critical extension MipSecure does not understand.</summary>
    public static readonly MipSecCode UnsupportedCriticalExtension = new("MIPSEC1016", "Unknown critical extension", FindingSeverity.Error);

    /// <summary>MIPSEC1017: a certificate in the chain is malformed.</summary>
    public static readonly MipSecCode MalformedCertificate = new("MIPSEC1017", "Malformed certificate", FindingSeverity.Error);

    /// <summary>MIPSEC1018: revocation was checked and the certificate is revoked, or its status could not be determined.</summary>
    public static readonly MipSecCode RevocationFailed = new("MIPSEC1018", "Certificate revoked or revocation status unknown", FindingSeverity.Error);

    /// <summary>MIPSEC1019: the server presented no certificate.</summary>
    public static readonly MipSecCode NoCertificatePresented = new("MIPSEC1019", "No certificate presented", FindingSeverity.Error);

    /// <summary>MIPSEC1020: no trust anchor is configured, so nothing can be trusted.</summary>
    public static readonly MipSecCode NoTrustAnchors = new("MIPSEC1020", "No trusted CA configured", FindingSeverity.Error);

    /// <summary>MIPSEC1021: a certificate uses a key type or signature algorithm MipSecure cannot verify (for example EdDSA).</summary>
    public static readonly MipSecCode UnsupportedAlgorithm = new("MIPSEC1021", "Unsupported key or signature algorithm", FindingSeverity.Error);

    /// <summary>MIPSEC1022: a certificate breaks a rule of the X.509 profile (RFC 5280): version, serial number, extension criticality, key identifiers.</summary>
    public static readonly MipSecCode ProfileViolation = new("MIPSEC1022", "Certificate breaks the X.509 profile", FindingSeverity.Error);

    /// <summary>MIPSEC1023: the subject common name is not one of the certificate's subject alternative names (checked only when asked for).</summary>
    public static readonly MipSecCode CommonNameNotInAlternativeNames = new("MIPSEC1023", "Common name not among the alternative names", FindingSeverity.Error);

    /// <summary>MIPSEC1024: the presented certificates form so many candidate chains that building one was abandoned.</summary>
    public static readonly MipSecCode ChainTooComplex = new("MIPSEC1024", "Too many candidate chains", FindingSeverity.Error);

    /// <summary>MIPSEC1025: certificate policy processing (RFC 5280 6.1) fails: a CA requires an explicit policy that the chain does not carry.</summary>
    public static readonly MipSecCode CertificatePolicyNotMet = new("MIPSEC1025", "Certificate policy requirements not met", FindingSeverity.Error);

    /// <summary>MIPSEC1026: a revocation list supplied for a CA of the chain is past its nextUpdate; it is still applied.</summary>
    public static readonly MipSecCode RevocationListStale = new("MIPSEC1026", "Revocation list out of date", FindingSeverity.Warning);

    /// <summary>MIPSEC1027: a revocation list supplied for a CA of the chain cannot be relied on (signature, issuer's cRLSign, critical extension, profile).</summary>
    public static readonly MipSecCode RevocationListUnusable = new("MIPSEC1027", "Revocation list cannot be used", FindingSeverity.Error);

    /// <summary>MIPSEC3011: a revocation list file does not exist or cannot be read.</summary>
    public static readonly MipSecCode RevocationListFileNotFound = new("MIPSEC3011", "Revocation list file not found", FindingSeverity.Error);

    /// <summary>MIPSEC3012: a revocation list file is not a CRL.</summary>
    public static readonly MipSecCode RevocationListMalformed = new("MIPSEC3012", "Not a revocation list", FindingSeverity.Error);
}
