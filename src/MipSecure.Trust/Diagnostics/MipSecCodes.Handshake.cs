namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC4040: the server requires a client certificate (mutual TLS), which XProtect clients do not present.</summary>
    public static readonly MipSecCode ClientCertificateRequired = new("MIPSEC4040", "Server requires a client certificate", FindingSeverity.Error);

    /// <summary>MIPSEC4041: the server and the client have no TLS version in common; the finding names the version the server chose.</summary>
    public static readonly MipSecCode TlsVersionMismatch = new("MIPSEC4041", "No TLS version in common", FindingSeverity.Error);
}
