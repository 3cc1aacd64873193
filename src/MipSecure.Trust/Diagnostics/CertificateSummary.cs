using System;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Diagnostics;

/// <summary>The facts about a certificate that a finding shows to an administrator.</summary>
/// <param name="Subject">The subject distinguished name.</param>
/// <param name="Thumbprint">The SHA-1 thumbprint, as Windows' certificate manager and Server Configurator show it.</param>
/// <param name="NotAfter">The end of the validity period, in UTC.</param>
public sealed record CertificateSummary(string Subject, string Thumbprint, DateTimeOffset NotAfter)
{
    /// <summary>Summarizes <paramref name="certificate"/>.</summary>
    /// <param name="certificate">The certificate to summarize.</param>
    /// <returns>The summary.</returns>
    public static CertificateSummary From(X509Certificate2 certificate)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        return new CertificateSummary(
            certificate.Subject,
            certificate.Thumbprint,
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }
}
