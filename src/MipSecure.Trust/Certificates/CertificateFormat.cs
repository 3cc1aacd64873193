namespace MipSecure.Trust.Certificates;

/// <summary>The encoding a certificate source was read from.</summary>
public enum CertificateFormat
{
    /// <summary>Base64 text between <c>-----BEGIN CERTIFICATE-----</c> lines; one certificate or a bundle.</summary>
    Pem = 0,

    /// <summary>One binary DER certificate (often <c>.cer</c> or <c>.crt</c>).</summary>
    Der = 1,

    /// <summary>A PKCS#12 (<c>.pfx</c>/<c>.p12</c>) file, possibly with private keys.</summary>
    Pkcs12 = 2,

    /// <summary>A certificate from an operating-system certificate store.</summary>
    Store = 3,
}
