namespace MipSecure.Trust.Validation;

/// <summary>The object identifiers the validator understands.</summary>
internal static class Oids
{
    public const string CommonName = "2.5.4.3";
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string KeyUsage = "2.5.29.15";
    public const string SubjectAlternativeName = "2.5.29.17";
    public const string IssuerAlternativeName = "2.5.29.18";
    public const string BasicConstraints = "2.5.29.19";
    public const string NameConstraints = "2.5.29.30";
    public const string CrlDistributionPoints = "2.5.29.31";
    public const string CertificatePolicies = "2.5.29.32";
    public const string PolicyMappings = "2.5.29.33";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string PolicyConstraints = "2.5.29.36";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string InhibitAnyPolicy = "2.5.29.54";
    public const string AuthorityInformationAccess = "1.3.6.1.5.5.7.1.1";
    public const string CrlNumber = "2.5.29.20";
    public const string DeltaCrlIndicator = "2.5.29.27";
    public const string IssuingDistributionPoint = "2.5.29.28";
    public const string CrlReason = "2.5.29.21";
    public const string InvalidityDate = "2.5.29.24";
    public const string SignedCertificateTimestamps = "1.3.6.1.4.1.11129.2.4.2";

    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";

    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string Mgf1 = "1.2.840.113549.1.1.8";
    public const string Md5WithRsa = "1.2.840.113549.1.1.4";
    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string Sha224WithRsa = "1.2.840.113549.1.1.14";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha384WithRsa = "1.2.840.113549.1.1.12";
    public const string Sha512WithRsa = "1.2.840.113549.1.1.13";
    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    public const string EcdsaWithSha224 = "1.2.840.10045.4.3.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha384 = "1.2.840.10045.4.3.3";
    public const string EcdsaWithSha512 = "1.2.840.10045.4.3.4";
    public const string Dsa = "1.2.840.10040.4.1";
    public const string Ed25519 = "1.3.101.112";
    public const string Ed448 = "1.3.101.113";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string P256 = "1.2.840.10045.3.1.7";
    public const string P384 = "1.3.132.0.34";
    public const string P521 = "1.3.132.0.35";

    /// <summary>Gets whether the validator processes the extension, so that it may be critical.</summary>
    public static bool IsUnderstood(string oid) => oid switch
    {
        SubjectKeyIdentifier or KeyUsage or SubjectAlternativeName or IssuerAlternativeName or BasicConstraints or NameConstraints
            or CrlDistributionPoints or CertificatePolicies or PolicyMappings or AuthorityKeyIdentifier or PolicyConstraints
            or ExtendedKeyUsage or InhibitAnyPolicy or AuthorityInformationAccess or SignedCertificateTimestamps => true,
        _ => false,
    };

    public static string Describe(string oid) => oid switch
    {
        SubjectKeyIdentifier => "subject key identifier",
        AuthorityKeyIdentifier => "authority key identifier",
        AuthorityInformationAccess => "authority information access",
        KeyUsage => "key usage",
        ExtendedKeyUsage => "extended key usage",
        BasicConstraints => "basic constraints",
        NameConstraints => "name constraints",
        SubjectAlternativeName => "subject alternative name",
        PolicyConstraints => "policy constraints",
        _ => oid,
    };
}
