using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>One run of the validator over one request. Collects findings; never throws for a bad certificate.</summary>
internal sealed class ChainEvaluation
{
    private readonly TrustAnchorSet _anchors;
    private readonly CertificateValidationOptions _options;
    private readonly CertificateValidationRequest _request;
    private readonly DateTimeOffset _at;
    private readonly List<TrustFinding> _findings = new();

    public ChainEvaluation(TrustAnchorSet anchors, CertificateValidationOptions options, CertificateValidationRequest request, DateTimeOffset at)
    {
        _anchors = anchors;
        _options = options;
        _request = request;
        _at = at;
    }

    public TrustReport Run()
    {
        var leaf = _request.Leaf;
        var path = BuildPath();
        CheckLeafRole(leaf);
        CheckHostName(leaf);
        foreach (var certificate in path)
        {
            CheckValidityPeriod(certificate);
            CheckKeyStrength(certificate);
        }

        return new TrustReport(_request.HostName, _at, path.Select(CertificateSummary.From).ToList(), _findings);
    }

    private List<X509Certificate2> BuildPath()
    {
        var leaf = _request.Leaf;
        if (_anchors.IsEmpty)
        {
            Add(MipSecCodes.NoTrustAnchors, $"No CA certificate is configured, so the {_request.ServerDescription} cannot be trusted.",
                "Install the CA certificate that issued the XProtect server certificates and configure it as trusted.", leaf);
            return new List<X509Certificate2> { leaf };
        }

        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = _options.RevocationMode;
        policy.VerificationTime = _at.UtcDateTime;
        policy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority | X509VerificationFlags.IgnoreNotTimeValid;
        policy.ExtraStore.AddRange(_request.Intermediates.ToArray());
        policy.ExtraStore.AddRange(_anchors.Certificates.ToArray());
#if NET
        policy.DisableCertificateDownloads = true;
#endif
        chain.Build(leaf);
        var elements = chain.ChainElements.Cast<X509ChainElement>().ToList();
        var anchorIndex = elements.FindIndex(e => _anchors.Contains(e.Certificate));
        if (anchorIndex < 0)
        {
            Add(MipSecCodes.CertificateUntrusted,
                $"The {_request.ServerDescription} certificate is not issued by a CA this party trusts.",
                "Install the issuing CA certificate on this machine or in the trust configuration, or re-issue the server certificate from the trusted CA and apply it with Server Configurator.",
                leaf);
            return new List<X509Certificate2> { leaf };
        }

        var path = elements.Take(anchorIndex + 1).Select(e => e.Certificate).ToList();
        foreach (var element in elements.Take(anchorIndex + 1))
        {
            foreach (var status in element.ChainElementStatus)
            {
                MapStatus(status.Status, element.Certificate);
            }
        }

        return path;
    }

    private void MapStatus(X509ChainStatusFlags status, X509Certificate2 certificate)
    {
        switch (status)
        {
            case X509ChainStatusFlags.NotSignatureValid:
                Add(MipSecCodes.SignatureInvalid, $"A signature in the {_request.ServerDescription} certificate chain does not verify.",
                    "Re-issue the certificate from the CA; the chain may have been assembled from the wrong files.", certificate);
                break;
            case X509ChainStatusFlags.InvalidBasicConstraints:
                Add(MipSecCodes.IssuerNotCertificateAuthority, "A certificate that issued another is not marked as a CA.",
                    "Issue server certificates from a real CA certificate (basic constraints CA=true).", certificate);
                break;
            case X509ChainStatusFlags.HasNotSupportedNameConstraint:
            case X509ChainStatusFlags.HasExcludedNameConstraint:
            case X509ChainStatusFlags.HasNotPermittedNameConstraint:
            case X509ChainStatusFlags.HasNotDefinedNameConstraint:
            case X509ChainStatusFlags.InvalidNameConstraints:
                Add(MipSecCodes.NameConstraintViolated, "A name in the chain is outside what the issuing CA may certify.",
                    "Re-issue the certificate with names the CA's name constraints permit.", certificate);
                break;
            case X509ChainStatusFlags.Revoked:
            case X509ChainStatusFlags.RevocationStatusUnknown:
            case X509ChainStatusFlags.OfflineRevocation:
                Add(MipSecCodes.RevocationFailed, "The certificate is revoked, or its revocation status could not be checked.",
                    "Re-issue the certificate, or make the CA's revocation list reachable.", certificate);
                break;
            case X509ChainStatusFlags.NotValidForUsage:
            case X509ChainStatusFlags.InvalidExtension:
                Add(MipSecCodes.KeyUsageNotAllowed, "A certificate's key usage does not allow this use.",
                    "Re-issue the certificate with the key usages of a TLS server certificate.", certificate);
                break;
        }
    }

    private void CheckLeafRole(X509Certificate2 leaf)
    {
        if (LoadedCertificates.IsCertificateAuthority(leaf))
        {
            Add(MipSecCodes.CaCertificateAsServerCertificate,
                $"The {_request.ServerDescription} presents a CA certificate as its own.",
                "Issue a server certificate from the CA and apply that one with Server Configurator; never the CA certificate itself.", leaf);
        }

        var usages = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        var granted = usages?.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value ?? string.Empty).ToList() ?? new List<string>();
        foreach (var required in _request.RequiredExtendedKeyUsages)
        {
            if (!granted.Contains(required))
            {
                Add(MipSecCodes.ServerAuthenticationUsageMissing,
                    $"The {_request.ServerDescription} certificate is not issued for server authentication.",
                    "Re-issue it with the Server Authentication enhanced key usage (1.3.6.1.5.5.7.3.1).", leaf);
                break;
            }
        }
    }

    private void CheckHostName(X509Certificate2 leaf)
    {
        if (_request.HostName.Length == 0)
        {
            return;
        }

        switch (HostNameMatcher.Match(leaf, _request.HostName))
        {
            case HostNameMatch.NoMatch:
                Add(MipSecCodes.HostNameMismatch,
                    $"The {_request.ServerDescription} certificate does not name {_request.HostName}.",
                    $"Re-issue it with that DNS name (or IP address) as a subject alternative name and apply it with Server Configurator.", leaf);
                break;
            case HostNameMatch.CommonNameOnly:
                Add(MipSecCodes.HostNameFromCommonName,
                    $"The {_request.ServerDescription} certificate names {_request.HostName} only as its subject, not as a subject alternative name.",
                    "XProtect accepts this, but modern clients do not: re-issue it with the host as a DNS subject alternative name.", leaf);
                break;
        }
    }

    private void CheckValidityPeriod(X509Certificate2 certificate)
    {
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        var what = Describe(certificate);
        if (_at > notAfter)
        {
            Add(MipSecCodes.CertificateExpired, $"The {what} expired on {notAfter:yyyy-MM-dd HH:mm} UTC.",
                "Renew it (repeat the creation steps) and apply the new certificate with Server Configurator.", certificate);
        }
        else if (_at < notBefore)
        {
            Add(MipSecCodes.CertificateNotYetValid, $"The {what} is valid only from {notBefore:yyyy-MM-dd HH:mm} UTC.",
                "Check the clocks of the CA and this machine, or wait until the certificate becomes valid.", certificate);
        }
        else if (_options.ExpiryWarningDays > 0 && notAfter - _at <= TimeSpan.FromDays(_options.ExpiryWarningDays))
        {
            var days = (int)Math.Floor((notAfter - _at).TotalDays);
            Add(MipSecCodes.CertificateExpiresSoon, $"The {what} expires on {notAfter:yyyy-MM-dd} ({days} days left).",
                "Renew it now: XProtect gives no warning, and clients stop trusting the server when it expires.", certificate);
        }
    }

    private void CheckKeyStrength(X509Certificate2 certificate)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is not null && rsa.KeySize < _options.MinimumRsaKeySize)
        {
            Add(MipSecCodes.WeakKey, $"The {Describe(certificate)} has a {rsa.KeySize}-bit RSA key.",
                $"Re-issue it with an RSA key of at least {_options.MinimumRsaKeySize} bits.", certificate);
        }

        var signature = certificate.SignatureAlgorithm.Value;
        if (signature is "1.2.840.113549.1.1.5" or "1.2.840.113549.1.1.4" or "1.2.840.10045.4.1" && !_anchors.Contains(certificate))
        {
            Add(MipSecCodes.WeakSignatureAlgorithm, $"The {Describe(certificate)} is signed with SHA-1 or MD5.",
                "Re-issue it with a SHA-256 (or stronger) signature.", certificate);
        }
    }

    private string Describe(X509Certificate2 certificate) =>
        ReferenceEquals(certificate, _request.Leaf) || certificate.RawData.AsSpan().SequenceEqual(_request.Leaf.RawData)
            ? $"{_request.ServerDescription} certificate"
            : $"CA certificate '{certificate.GetNameInfo(X509NameType.SimpleName, false)}'";

    private void Add(MipSecCode code, string message, string remedy, X509Certificate2 certificate)
    {
        if (_findings.Any(f => f.Code.Equals(code) && f.Certificate?.Thumbprint == certificate.Thumbprint))
        {
            return;
        }

        _findings.Add(new TrustFinding(code, code.DefaultSeverity, message, remedy, CertificateSummary.From(certificate)));
    }
}
