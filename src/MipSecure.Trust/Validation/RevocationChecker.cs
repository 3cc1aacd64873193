using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Asks the platform for the revocation status of a path MipSecure already validated. Opt-in, because it fetches CRLs and OCSP
/// responses from the addresses in the certificates; trust itself is never taken from the platform's verdict.
/// </summary>
internal static class RevocationChecker
{
    private const X509ChainStatusFlags Revoked = X509ChainStatusFlags.Revoked;
    private const X509ChainStatusFlags Unknown = X509ChainStatusFlags.RevocationStatusUnknown | X509ChainStatusFlags.OfflineRevocation;

    public static IEnumerable<Problem> Check(IReadOnlyList<ParsedCertificate> path, X509RevocationMode mode, DateTimeOffset at, CertificateChecks checks)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.RevocationMode = mode;
        policy.RevocationFlag = X509RevocationFlag.ExcludeRoot;
        policy.VerificationTime = at.UtcDateTime;
        policy.VerificationFlags = X509VerificationFlags.AllowUnknownCertificateAuthority | X509VerificationFlags.IgnoreNotTimeValid
            | X509VerificationFlags.IgnoreWrongUsage | X509VerificationFlags.IgnoreInvalidName;
        var anchor = path[path.Count - 1].Certificate;
#if NET
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.Add(anchor);
        policy.DisableCertificateDownloads = true;
#else
        policy.ExtraStore.Add(anchor);
#endif
        foreach (var certificate in path.Skip(1).Take(path.Count - 2))
        {
            policy.ExtraStore.Add(certificate.Certificate);
        }

        chain.Build(path[0].Certificate);
        var problems = new List<Problem>();
        foreach (var element in chain.ChainElements.Cast<X509ChainElement>())
        {
            var inPath = path.FirstOrDefault(p => p.Raw.AsSpan().SequenceEqual(element.Certificate.RawData));
            var status = element.ChainElementStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            if (inPath is null || ReferenceEquals(inPath, path[path.Count - 1]))
            {
                continue;
            }

            if ((status & Revoked) != 0)
            {
                problems.Add(new Problem(MipSecCodes.RevocationFailed, $"The {checks.Describe(inPath)} is revoked by its CA.",
                    "Re-issue the certificate and apply the new one with Server Configurator.", inPath));
            }
            else if ((status & Unknown) != 0)
            {
                problems.Add(new Problem(MipSecCodes.RevocationFailed, $"The revocation status of the {checks.Describe(inPath)} could not be determined.",
                    "Make the CA's revocation list (CRL distribution point) reachable from this machine, or turn revocation checking off.", inPath));
            }
        }

        return problems;
    }
}
