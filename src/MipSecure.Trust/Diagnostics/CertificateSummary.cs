using System;
using System.Collections.Generic;
using System.Linq;

namespace MipSecure.Trust.Diagnostics;

/// <summary>
/// The facts about a certificate that a finding shows to an administrator. <c>Validation.CertificateSummaries.From</c>
/// makes one from a certificate.
/// </summary>
/// <param name="Subject">The subject distinguished name.</param>
/// <param name="Thumbprint">The SHA-1 thumbprint, as Windows' certificate manager and Server Configurator show it.</param>
/// <param name="NotAfter">The end of the validity period, in UTC.</param>
public sealed record CertificateSummary(string Subject, string Thumbprint, DateTimeOffset NotAfter)
{
    /// <summary>Gets the issuer distinguished name, when the summary was made from the certificate itself.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public string? Issuer { get; init; }

    /// <summary>Gets the DNS names and IP addresses of the subject alternative name extension, in the certificate's order.</summary>
    /// <value>The default value is an empty list.</value>
    public IReadOnlyList<string> SubjectAlternativeNames { get; init; } = Array.Empty<string>();

    /// <summary>Compares every fact, the alternative names by value.</summary>
    /// <param name="other">The other summary.</param>
    /// <returns><see langword="true"/> when both describe the same certificate the same way.</returns>
    public bool Equals(CertificateSummary? other) =>
        other is not null
        && Subject == other.Subject
        && Thumbprint == other.Thumbprint
        && NotAfter == other.NotAfter
        && Issuer == other.Issuer
        && SubjectAlternativeNames.SequenceEqual(other.SubjectAlternativeNames);

    /// <inheritdoc/>
    public override int GetHashCode() => (Subject, Thumbprint, NotAfter).GetHashCode();
}
