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

    /// <summary>
    /// Follows the chain a server presented up from <paramref name="leaf"/> through the CA certificates sent with it, as far as
    /// they go. The issuer of the certificate returned is the CA a trust list must hold to trust the chain; it is
    /// <paramref name="leaf"/> itself when the server sent no CA certificate above it.
    /// </summary>
    /// <param name="leaf">The server certificate.</param>
    /// <param name="presented">The certificates presented with it, in any order; the leaf may be among them.</param>
    /// <returns>The top of the presented chain.</returns>
    public static CertificateSummary TopOfPresentedChain(CertificateSummary leaf, IReadOnlyList<CertificateSummary> presented)
    {
        if (leaf is null)
        {
            throw new ArgumentNullException(nameof(leaf));
        }

        if (presented is null)
        {
            throw new ArgumentNullException(nameof(presented));
        }

        var top = leaf;
        for (var steps = 0; steps < presented.Count && top.Issuer is not null && top.Subject != top.Issuer; steps++)
        {
            var issuer = presented.FirstOrDefault(c => c.Subject == top.Issuer && c.Issuer is not null && !ReferenceEquals(c, top));
            if (issuer is null)
            {
                break;
            }

            top = issuer;
        }

        return top;
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
