namespace MipSecure.Pki;

/// <summary>The kind of key an issued certificate gets.</summary>
public enum CertificateKeyKind
{
    /// <summary>RSA, as XProtect requires.</summary>
    Rsa = 0,

    /// <summary>ECDSA on a NIST curve chosen by <see cref="CertificateSpec.KeySize"/> (256, 384 or 521).</summary>
    Ecdsa = 1,
}
