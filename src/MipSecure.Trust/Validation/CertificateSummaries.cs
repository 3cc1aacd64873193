using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Makes the <see cref="CertificateSummary"/> of a certificate. It lives beside the validator because reading the subject
/// alternative names is the validator's parsing; the summary itself is a diagnostic that every layer shows.
/// </summary>
public static class CertificateSummaries
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
            new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero))
        {
            Issuer = certificate.Issuer,
            SubjectAlternativeNames = AlternativeNames(certificate),
        };
    }

    private static IReadOnlyList<string> AlternativeNames(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value != "2.5.29.17")
            {
                continue;
            }

            try
            {
                return GeneralName.ReadSequence(new AsnReader(extension.RawData, AsnEncodingRules.DER))
                    .Where(n => n.Kind is GeneralNameKind.Dns or GeneralNameKind.IPAddress)
                    .Select(n => n.ToString())
                    .ToList();
            }
            catch (AsnContentException)
            {
                // A malformed extension is the validator's finding; the summary just has no names.
                return Array.Empty<string>();
            }
        }

        return Array.Empty<string>();
    }
}
