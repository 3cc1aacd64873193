using System;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Certificates;

/// <summary>A certificate source could not be read. <see cref="MipSecureException.Code"/> is a MIPSEC3xxx code.</summary>
public sealed class CertificateLoadException : MipSecureException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">The MIPSEC3xxx code.</param>
    /// <param name="source">The file path or store reference that failed, as the user wrote it.</param>
    /// <param name="reason">Why it failed.</param>
    /// <param name="remedy">How to fix it.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public CertificateLoadException(MipSecCode code, string source, string reason, string remedy, Exception? innerException = null)
        : base(code, $"Cannot read certificate '{source}': {reason}.", remedy, innerException)
    {
        CertificateSource = source;
        Reason = reason;
    }

    /// <summary>Gets the file path or store reference that failed.</summary>
    public string CertificateSource { get; }

    /// <summary>Gets why it failed, without the path.</summary>
    public string Reason { get; }
}
