namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC3020: the file given as the issuing CA holds no private key (the CA's certificate, not its PFX).</summary>
    public static readonly MipSecCode CaPrivateKeyMissing = new("MIPSEC3020", "CA file has no private key", FindingSeverity.Error);

    /// <summary>MIPSEC3021: a file that would be written already exists; it is not replaced unless asked to.</summary>
    public static readonly MipSecCode OutputFileExists = new("MIPSEC3021", "Output file already exists", FindingSeverity.Error);
}
