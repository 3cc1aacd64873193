using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// The rules that concern one certificate in one role (server certificate, intermediate CA or trust anchor):
/// RFC 5280 profile, validity, key strength, signature algorithm and, for CAs, basic constraints and key usage.
/// </summary>
internal sealed class CertificateChecks
{
    private const int KeyCertSign = 1 << 5;

    private readonly CertificateValidationOptions _options;
    private readonly DateTimeOffset _at;
    private readonly string _serverDescription;
    private readonly ParsedCertificate _leaf;

    public CertificateChecks(CertificateValidationOptions options, DateTimeOffset at, string serverDescription, ParsedCertificate leaf)
    {
        _options = options;
        _at = at;
        _serverDescription = serverDescription;
        _leaf = leaf;
    }

    public string Describe(ParsedCertificate certificate) =>
        ReferenceEquals(certificate, _leaf)
            ? $"{_serverDescription} certificate"
            : $"CA certificate '{certificate.CommonNames.LastOrDefault() ?? certificate.Summary.Subject}'";

    /// <summary>The rules every certificate of a path must meet.</summary>
    public IEnumerable<Problem> Common(ParsedCertificate certificate, bool isAnchor)
    {
        var what = Describe(certificate);
        if (certificate.IsUnreadable)
        {
            yield return new Problem(MipSecCodes.MalformedCertificate, $"The {what} is malformed: {certificate.Defects[0]}.",
                "Re-issue the certificate with a standard CA (Active Directory Certificate Services, OpenSSL, mipsecure pki) and apply it again.", certificate);
            yield break;
        }

        var defects = isAnchor || certificate.SerialNumberDefect is null ? certificate.Defects : certificate.Defects.Append(certificate.SerialNumberDefect);
        foreach (var defect in defects)
        {
            yield return new Problem(MipSecCodes.ProfileViolation, $"The {what} breaks the X.509 certificate profile: {defect}.",
                "Re-issue the certificate with a standard CA; a certificate that breaks RFC 5280 is rejected by careful clients.", certificate);
        }

        foreach (var extension in certificate.Extensions.Where(e => e.IsCritical && !Oids.IsUnderstood(e.Oid)))
        {
            yield return new Problem(MipSecCodes.UnsupportedCriticalExtension,
                $"The {what} carries the critical extension {extension.Oid}, which MipSecure does not understand.",
                "Re-issue the certificate without that extension, or mark it non-critical.", certificate);
        }

        foreach (var problem in Validity(certificate, what))
        {
            yield return problem;
        }

        var (keyVerdict, keyDescription) = SignatureVerifier.JudgeKey(certificate, _options.MinimumRsaKeySize);
        switch (keyVerdict)
        {
            case AlgorithmVerdict.Weak:
            case AlgorithmVerdict.Malformed:
                yield return new Problem(MipSecCodes.WeakKey, $"The {what} has {keyDescription}, which is too weak or not allowed.",
                    $"Re-issue it with an RSA key of at least {_options.MinimumRsaKeySize} bits (a multiple of 8) or an ECDSA key on P-256, P-384 or P-521.", certificate);
                break;
            case AlgorithmVerdict.Unsupported:
                yield return new Problem(MipSecCodes.UnsupportedAlgorithm, $"The {what} has {keyDescription}, which MipSecure cannot verify.",
                    "Re-issue it with an RSA or ECDSA (P-256, P-384, P-521) key.", certificate);
                break;
        }

        // An anchor's own signature is never verified: it is trusted because it is installed, so its algorithm does not matter.
        if (!isAnchor)
        {
            var (signatureVerdict, signatureDescription) = SignatureVerifier.JudgeSignatureAlgorithm(certificate);
            if (signatureVerdict == AlgorithmVerdict.Weak)
            {
                yield return new Problem(MipSecCodes.WeakSignatureAlgorithm, $"The {what} is signed with {signatureDescription}, which is broken.",
                    "Re-issue it with a SHA-256 (or stronger) signature.", certificate);
            }
            else if (signatureVerdict != AlgorithmVerdict.Acceptable)
            {
                yield return new Problem(MipSecCodes.UnsupportedAlgorithm, $"The {what} is signed with {signatureDescription}, which MipSecure cannot verify.",
                    "Re-issue it with an RSA (SHA-256 or stronger) or ECDSA signature.", certificate);
            }
        }
    }

    /// <summary>The rules for a CA certificate that issued another certificate of the path (intermediate or anchor).</summary>
    public IEnumerable<Problem> AsIssuer(ParsedCertificate certificate, bool isAnchor)
    {
        if (certificate.IsUnreadable)
        {
            yield break;
        }

        var what = Describe(certificate);
        var basicConstraints = certificate.Extension(Oids.BasicConstraints);
        if (certificate.BasicConstraints is not { IsCertificateAuthority: true })
        {
            yield return new Problem(MipSecCodes.IssuerNotCertificateAuthority,
                $"The {what} issued another certificate of the chain but is not marked as a CA (basic constraints).",
                "Issue server certificates from a real CA certificate (basic constraints CA=true), and install that CA's certificate.", certificate);
        }
        else if (basicConstraints is { IsCritical: false })
        {
            yield return new Problem(MipSecCodes.ProfileViolation, $"The {what} does not mark its basic constraints extension critical, as RFC 5280 requires of a CA.",
                "Re-issue the CA certificate with critical basic constraints.", certificate);
        }

        // RFC 5280 6.1.1 (d): an installed anchor is input, not a processed certificate, so a missing key usage is accepted there;
        // one it does state is honoured (x509-limbo rfc5280::root-inconsistent-ca-extensions).
        if (certificate.KeyUsage is { } usage ? (usage & KeyCertSign) == 0 : !isAnchor)
        {
            yield return new Problem(MipSecCodes.KeyUsageNotAllowed, $"The {what} is not allowed to sign certificates (key usage keyCertSign).",
                "Re-issue the CA certificate with the Certificate Signing key usage.", certificate);
        }

        if (certificate.SubjectIsEmpty)
        {
            yield return new Problem(MipSecCodes.ProfileViolation, $"The {what} has an empty subject, which a CA certificate must not have.",
                "Re-issue the CA certificate with a subject name.", certificate);
        }

        if (certificate.SubjectKeyIdentifier is null)
        {
            yield return KeyIdentifierProblem(certificate, "has no subject key identifier, which RFC 5280 requires of a CA");
        }

        var selfSigned = certificate.IsSelfIssued;
        if (!isAnchor && !selfSigned && certificate.AuthorityKeyIdentifier is null)
        {
            yield return KeyIdentifierProblem(certificate, "has no authority key identifier, which RFC 5280 requires of every certificate that is not self-signed");
        }

        if (isAnchor && selfSigned && certificate.Extension(Oids.AuthorityKeyIdentifier) is not null)
        {
            if (certificate.AuthorityKeyIdentifier is null || certificate.AuthorityKeyIdentifierHasIssuerAndSerial)
            {
                yield return KeyIdentifierProblem(certificate, "has an authority key identifier without a key identifier, or with an issuer and serial number");
            }
            else if (certificate.SubjectKeyIdentifier is not null && !certificate.AuthorityKeyIdentifier.AsSpan().SequenceEqual(certificate.SubjectKeyIdentifier))
            {
                yield return KeyIdentifierProblem(certificate, "is self-signed but its authority key identifier differs from its subject key identifier");
            }
        }

        if (isAnchor && selfSigned && certificate.ExtendedKeyUsages is not null)
        {
            yield return new Problem(MipSecCodes.ProfileViolation, $"The root {what} carries an extended key usage extension, which a root CA must not have.",
                "Re-issue the root CA certificate without extended key usages.", certificate);
        }
    }

    /// <summary>The rules for the server certificate itself, whatever chain it ends up in.</summary>
    public IEnumerable<Problem> AsLeaf(ParsedCertificate leaf, IReadOnlyList<string> requiredUsages)
    {
        if (leaf.IsUnreadable)
        {
            yield break;
        }

        var what = Describe(leaf);
        if (leaf.IsCertificateAuthority || (leaf.KeyUsage is { } usage && (usage & KeyCertSign) != 0))
        {
            yield return new Problem(MipSecCodes.CaCertificateAsServerCertificate, $"The {_serverDescription} presents a CA certificate as its own.",
                "Issue a server certificate from the CA and apply that one with Server Configurator; never the CA certificate itself.", leaf);
        }

        if (!leaf.IsSelfIssued && leaf.AuthorityKeyIdentifier is null)
        {
            yield return KeyIdentifierProblem(leaf, "has no authority key identifier, which RFC 5280 requires");
        }

        if (leaf.Extension(Oids.NameConstraints) is not null)
        {
            yield return new Problem(MipSecCodes.ProfileViolation, $"The {what} carries name constraints, which only a CA certificate may carry.",
                "Re-issue the server certificate without name constraints.", leaf);
        }

        if (leaf.Extension(Oids.SubjectAlternativeName) is { IsCritical: true } && !leaf.SubjectIsEmpty)
        {
            yield return new Problem(MipSecCodes.ProfileViolation, $"The {what} marks its subject alternative names critical although it has a subject.",
                "Re-issue it with a non-critical subject alternative name extension.", leaf);
        }

        if (requiredUsages.Count == 0)
        {
            yield break;
        }

        var extension = leaf.Extension(Oids.ExtendedKeyUsage);
        var granted = leaf.ExtendedKeyUsages ?? new List<string>();
        if (extension is null || requiredUsages.Any(required => !granted.Contains(required)) || granted.Contains(Oids.AnyExtendedKeyUsage))
        {
            var detail = extension is null ? "has no enhanced key usage"
                : granted.Contains(Oids.AnyExtendedKeyUsage) ? "allows any usage instead of naming Server Authentication"
                : "is not issued for server authentication";
            yield return new Problem(MipSecCodes.ServerAuthenticationUsageMissing, $"The {what} {detail}.",
                "Re-issue it with the Server Authentication enhanced key usage (1.3.6.1.5.5.7.3.1) and apply it with Server Configurator.", leaf);
        }
        else if (extension.IsCritical)
        {
            yield return new Problem(MipSecCodes.ProfileViolation, $"The {what} marks its enhanced key usage critical.",
                "Re-issue it with a non-critical enhanced key usage extension.", leaf);
        }
    }

    // Invariant culture: a message reads the same, and matches the same patterns, whatever the machine's locale.
    private static string Minute(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private IEnumerable<Problem> Validity(ParsedCertificate certificate, string what)
    {
        if (_at > certificate.NotAfter)
        {
            yield return new Problem(MipSecCodes.CertificateExpired, $"The {what} expired on {Minute(certificate.NotAfter)} UTC.",
                "Renew it (repeat the creation steps) and apply the new certificate with Server Configurator.", certificate);
        }
        else if (_at < certificate.NotBefore)
        {
            yield return new Problem(MipSecCodes.CertificateNotYetValid, $"The {what} is valid only from {Minute(certificate.NotBefore)} UTC.",
                "Check the clocks of the CA and this machine, or wait until the certificate becomes valid.", certificate);
        }
        else if (_options.ExpiryWarningDays > 0 && certificate.NotAfter - _at <= TimeSpan.FromDays(_options.ExpiryWarningDays))
        {
            var days = DaysLeft.Count(certificate.NotAfter, _at);
            yield return new Problem(MipSecCodes.CertificateExpiresSoon, $"The {what} expires on {Day(certificate.NotAfter)} ({days} days left).",
                "Renew it now: XProtect gives no warning, and clients stop trusting the server when it expires.", certificate);
        }
    }

    private Problem KeyIdentifierProblem(ParsedCertificate certificate, string detail) =>
        new(MipSecCodes.ProfileViolation, $"The {Describe(certificate)} {detail}.",
            "Re-issue the certificate with a CA that writes subject and authority key identifiers (every standard CA does).", certificate);
}
