using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Globalization;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Checks a validated path against the revocation lists the user supplied (RFC 5280 6.3, for complete CRLs): for every
/// certificate below the anchor, the lists its issuer signed and whose scope covers it. A list must verify with the issuer's
/// key, the issuer must be allowed to sign CRLs (cRLSign, when it has a key usage), and the list must be a well-formed v2 CRL
/// without critical extensions MipSecure does not process; a list that fails is MIPSEC1027, because the user supplied it to be
/// relied on. The newest usable list decides: a listed serial is MIPSEC1018; a list past its nextUpdate is MIPSEC1026 and still
/// applied. A CA for which no list was supplied is not checked. Nothing is fetched.
/// </summary>
internal static class OfflineRevocation
{
    private const int CrlSign = 1 << 6;

    public static IEnumerable<Problem> Check(IReadOnlyList<ParsedCertificate> path, IReadOnlyList<CertificateRevocationList> lists, DateTimeOffset at, CertificateChecks checks)
    {
        for (var i = 0; i < path.Count - 1; i++)
        {
            var certificate = path[i];
            var issuer = path[i + 1];
            var usable = new List<CertificateRevocationList>();
            foreach (var list in lists.Where(l => l.IssuerName.AsSpan().SequenceEqual(certificate.IssuerName) && Covers(l, certificate)))
            {
                var defect = Judge(list, issuer, at, out var otherKey);
                if (otherKey)
                {
                    continue;
                }

                if (defect is null)
                {
                    usable.Add(list);
                    continue;
                }

                yield return new Problem(MipSecCodes.RevocationListUnusable,
                    $"The revocation list '{list.Source}' of the {checks.Describe(issuer)} cannot be used to check the {checks.Describe(certificate)}: {defect}.",
                    "Supply the current CRL exactly as the CA publishes it (certutil -getcrl on the CA, or its distribution point), or remove this file from the revocation lists.",
                    certificate);
            }

            var newest = usable.OrderByDescending(l => l.ThisUpdate).FirstOrDefault();
            if (newest is null)
            {
                continue;
            }

            if (newest.Revokes(certificate.SerialNumber))
            {
                yield return new Problem(MipSecCodes.RevocationFailed,
                    $"The {checks.Describe(certificate)} is revoked by its CA (revocation list '{newest.Source}' of {Day(newest.ThisUpdate)}).",
                    "Re-issue the certificate and apply the new one with Server Configurator.", certificate);
            }

            if (newest.NextUpdate is { } next && next < at)
            {
                yield return new Problem(MipSecCodes.RevocationListStale,
                    $"The revocation list '{newest.Source}' of the {checks.Describe(issuer)} was due to be replaced on {Day(next)}, so certificates revoked since then are not known.",
                    "Copy the CA's current CRL to this machine (certutil -getcrl, or its distribution point) and replace the old file.", certificate);
            }
        }
    }

    private static string? Judge(CertificateRevocationList list, ParsedCertificate issuer, DateTimeOffset at, out bool otherKey)
    {
        otherKey = false;
        if (!SignatureVerifier.Verify(list.TbsCertList, list.SignatureAlgorithm, list.SignatureValue, issuer))
        {
            // A list from another key of a CA with the same name (a renewed CA) is not this issuer's list; one that claims this key and fails is.
            otherKey = list.AuthorityKeyIdentifier is not null && issuer.SubjectKeyIdentifier is not null
                && !list.AuthorityKeyIdentifier.AsSpan().SequenceEqual(issuer.SubjectKeyIdentifier);
            return "its signature does not verify with the CA's key";
        }

        var (verdict, description) = SignatureVerifier.JudgeAlgorithm(list.SignatureAlgorithm);
        if (verdict != AlgorithmVerdict.Acceptable)
        {
            return $"it is signed with {description}, which is not accepted";
        }

        if (issuer.KeyUsage is { } usage && (usage & CrlSign) == 0)
        {
            return "the CA's key usage does not include CRL signing (cRLSign)";
        }

        if (list.Defect is not null)
        {
            return list.Defect;
        }

        return list.ThisUpdate > at
            ? $"it was issued on {Day(list.ThisUpdate)}, after the time of the check; check the clocks of the CA and of this machine"
            : null;
    }

    // RFC 5280 5.2.5 and 6.3.3 (b): the issuing distribution point limits a list to some certificates.
    private static bool Covers(CertificateRevocationList list, ParsedCertificate certificate)
    {
        if ((list.OnlyCaCertificates && !certificate.IsCertificateAuthority) || (list.OnlyEndEntityCertificates && certificate.IsCertificateAuthority))
        {
            return false;
        }

        if (list.DistributionPointNames is not { } names)
        {
            return true;
        }

        var pointed = DistributionPointNames(certificate);
        return pointed.Any(p => names.Any(n => n.AsSpan().SequenceEqual(p)));
    }

    // The fullName GeneralNames of the certificate's CRL distribution points, encoded; none when absent or unreadable.
    private static List<byte[]> DistributionPointNames(ParsedCertificate certificate)
    {
        var names = new List<byte[]>();
        if (certificate.Extension(Oids.CrlDistributionPoints) is not { } extension)
        {
            return names;
        }

        try
        {
            var points = new AsnReader(extension.Value, AsnEncodingRules.DER).ReadSequence();
            while (points.HasData)
            {
                var point = points.ReadSequence();
                var nameTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
                if (point.HasData && point.PeekTag().HasSameClassAndValue(nameTag))
                {
                    var name = point.ReadSequence(nameTag);
                    if (name.HasData && name.PeekTag().HasSameClassAndValue(nameTag))
                    {
                        var fullName = name.ReadSequence(nameTag);
                        while (fullName.HasData)
                        {
                            names.Add(fullName.ReadEncodedValue().ToArray());
                        }
                    }
                }

                while (point.HasData)
                {
                    point.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            names.Clear();
        }

        return names;
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
