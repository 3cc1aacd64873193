namespace MipSecure.Trust.Configuration;

/// <summary>Where the certificates of a <see cref="CertificateReference"/> come from.</summary>
public enum CertificateReferenceKind
{
    /// <summary>A PEM, DER or PFX file.</summary>
    File = 0,

    /// <summary>A Windows certificate store entry, written <c>cert:LocalMachine/My/THUMBPRINT</c>.</summary>
    Store = 1,

    /// <summary>Certificates already in memory, for sites built in code.</summary>
    InMemory = 2,
}
