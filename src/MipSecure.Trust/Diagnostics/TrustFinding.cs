using System;

namespace MipSecure.Trust.Diagnostics;

/// <summary>One coded observation about a certificate, a chain or a site configuration.</summary>
public sealed record TrustFinding
{
    /// <summary>Creates a finding.</summary>
    /// <param name="code">The stable code.</param>
    /// <param name="severity">The severity of this occurrence.</param>
    /// <param name="message">What is wrong, in words an XProtect administrator uses.</param>
    /// <param name="remedy">How to fix it.</param>
    /// <param name="certificate">The certificate concerned, when there is one.</param>
    public TrustFinding(MipSecCode code, FindingSeverity severity, string message, string remedy, CertificateSummary? certificate = null)
    {
        Code = code ?? throw new ArgumentNullException(nameof(code));
        Severity = severity;
        Message = message ?? throw new ArgumentNullException(nameof(message));
        Remedy = remedy ?? throw new ArgumentNullException(nameof(remedy));
        Certificate = certificate;
    }

    /// <summary>Gets the stable code.</summary>
    public MipSecCode Code { get; }

    /// <summary>Gets the severity of this occurrence.</summary>
    public FindingSeverity Severity { get; }

    /// <summary>Gets what is wrong.</summary>
    public string Message { get; }

    /// <summary>Gets how to fix it.</summary>
    public string Remedy { get; }

    /// <summary>Gets the certificate concerned, when there is one.</summary>
    public CertificateSummary? Certificate { get; }

    /// <summary>Gets the address of the help page for <see cref="Code"/>.</summary>
    public string HelpLink => Code.HelpLink;

    /// <inheritdoc />
    public override string ToString() => $"{Code.Id} {Severity.ToString().ToLowerInvariant()}: {Message} {Remedy}";
}
