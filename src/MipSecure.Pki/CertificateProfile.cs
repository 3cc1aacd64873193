namespace MipSecure.Pki;

/// <summary>
/// A named kind of server certificate, valid or broken in one well-known way, that a CA issues for a host.
/// Each broken profile reproduces a misconfiguration XProtect administrators meet in the field.
/// </summary>
public enum CertificateProfile
{
    /// <summary>Issued by the site CA for the host, serverAuth, RSA 2048, valid for a year.</summary>
    Valid = 0,

    /// <summary>Expired a day ago.</summary>
    Expired = 1,

    /// <summary>Valid, but expires in ten days: inside the default 30-day warning window.</summary>
    ExpiringSoon = 2,

    /// <summary>Not valid before tomorrow.</summary>
    NotYetValid = 3,

    /// <summary>Names another host than the one the server is reached by.</summary>
    WrongHost = 4,

    /// <summary>Issued by a CA that the site does not expose, so clients of the site do not trust it.</summary>
    UntrustedCa = 5,

    /// <summary>Self-signed: no CA issued it.</summary>
    SelfSigned = 6,

    /// <summary>Has an extended key usage extension without serverAuth (clientAuth only).</summary>
    MissingServerAuthEku = 7,

    /// <summary>
    /// RSA 1024: below the strength XProtect deployments should accept. TLS stacks built on OpenSSL at security level 2
    /// (most Linux distributions) refuse to present it, so on Linux the handshake fails before a client sees the certificate.
    /// </summary>
    WeakRsaKey = 8,

    /// <summary>Names the host only in the subject common name, without a DNS subject alternative name.</summary>
    CommonNameOnly = 9,
}
