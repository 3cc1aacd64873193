using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// One run of the validator over one request: the server certificate's own checks, then path building and RFC 5280
/// path validation (basic constraints, path length, name constraints, depth). Collects findings; never throws for a bad certificate.
/// </summary>
internal sealed class ChainEvaluation
{
    private readonly IReadOnlyList<ParsedCertificate> _anchors;
    private readonly CertificateValidationOptions _options;
    private readonly CertificateValidationRequest _request;
    private readonly DateTimeOffset _at;
    private readonly ParsedCertificate _leaf;
    private readonly CertificateChecks _checks;
    private readonly Dictionary<(ParsedCertificate, bool), List<Problem>> _issuerProblems = new();
    private readonly IReadOnlyList<string> _commonNamesAsHostNames;
    private readonly ValidationBudget _budget;

    public ChainEvaluation(IReadOnlyList<ParsedCertificate> anchors, CertificateValidationOptions options, CertificateValidationRequest request, DateTimeOffset at)
    {
        _anchors = anchors;
        _options = options;
        _request = request;

        // Certificates carry whole seconds; a fraction of a second past notAfter is still within it (x509-limbo notafter-fractional).
        _at = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        _leaf = ParsedCertificate.Parse(request.Leaf);
        _checks = new CertificateChecks(options, _at, request.ServerDescription, _leaf);
        _budget = new ValidationBudget(options.MaxPathBuildingAttempts);
        _commonNamesAsHostNames = options.AllowCommonNameFallback ? HostNameMatcher.CommonNamesUsableAsHostNames(_leaf) : Array.Empty<string>();
    }

    public TrustReport Run()
    {
        var problems = new List<Problem>();
        problems.AddRange(_checks.Common(_leaf, isAnchor: false));
        problems.AddRange(_checks.AsLeaf(_leaf, _request.RequiredExtendedKeyUsages));
        problems.AddRange(HostNameProblems());

        IReadOnlyList<ParsedCertificate> path = new[] { _leaf };
        if (_anchors.Count == 0)
        {
            problems.Add(new Problem(MipSecCodes.NoTrustAnchors, $"No CA certificate is configured, so the {_request.ServerDescription} cannot be trusted.",
                "Install the CA certificate that issued the XProtect server certificates and configure it as trusted.", _leaf));
        }
        else
        {
            var intermediates = _request.Intermediates
                .Where(c => c is not null && !c.RawData.AsSpan().SequenceEqual(_leaf.Raw))
                .Select(ParsedCertificate.Parse)
                .ToList();
            var builder = new PathBuilder(_leaf, intermediates, _anchors, _options.MaxPathBuildingAttempts, _budget, EvaluatePath);
            var found = builder.Build();
            if (builder.ReachedAnchor || builder.BestProblems.Count > 0)
            {
                problems.AddRange(builder.BestProblems);
            }

            if (builder.ReachedAnchor)
            {
                path = builder.BestPath;
                if (found && _options.RevocationLists.Count > 0)
                {
                    problems.AddRange(OfflineRevocation.Check(path, _options.RevocationLists, _at, _checks));
                }

                if (found && _options.RevocationMode != X509RevocationMode.NoCheck)
                {
                    problems.AddRange(RevocationChecker.Check(path, _options.RevocationMode, _at, _checks));
                }
            }
            else if (builder.GaveUp)
            {
                problems.Add(new Problem(MipSecCodes.ChainTooComplex,
                    $"The {_request.ServerDescription} sent so many related CA certificates, names or constraints that no chain to a trusted CA could be validated within the limit of {_budget.ExhaustedLimit}.",
                    "Configure the server to send only its own chain (server certificate and issuing CAs).", _leaf));
            }
            else if (!found && !builder.BestProblems.Any(p => p.Code.Equals(MipSecCodes.SignatureInvalid)))
            {
                problems.Add(UntrustedProblem(builder.BestPath[builder.BestPath.Count - 1]));
            }
        }

        var findings = problems
            .GroupBy(p => (p.Code.Id, p.Certificate?.Summary.Thumbprint, p.Message))
            .Select(g => g.First().ToFinding())
            .ToList();
        var chain = path.Select(p => p.Summary).ToList();
        return new TrustReport(_request.HostName, _at, chain, findings);
    }

    // The chain stops at 'top'. A self-signed top is a root nobody installed; any other top names an issuer that neither the
    // server sent nor this party has: most often the intermediate the server should have sent, with the right root installed.
    private Problem UntrustedProblem(ParsedCertificate top)
    {
        const string Remedy = "Install the issuing CA certificate on this machine or in the trust configuration, or re-issue the server certificate from the trusted CA and apply it with Server Configurator.";
        if (top.IsSelfIssued)
        {
            return new Problem(MipSecCodes.CertificateUntrusted,
                $"The {_request.ServerDescription} certificate is not issued by a CA this party trusts"
                + (ReferenceEquals(top, _leaf) ? " (it is self-signed)." : $" (the chain ends at the root '{top.CommonNames.LastOrDefault() ?? top.Summary.Subject}', which is not installed here)."),
                Remedy, _leaf);
        }

        var issuer = IssuerText(top);
        var what = ReferenceEquals(top, _leaf) ? $"{_request.ServerDescription} certificate" : $"CA certificate '{top.CommonNames.LastOrDefault() ?? top.Summary.Subject}' of the chain";
        return new Problem(MipSecCodes.CertificateUntrusted,
            $"The {what} was issued by '{issuer}', which the {_request.ServerDescription} did not send as an intermediate and which is not installed here, so no chain to a trusted CA can be built.",
            $"Make the server send its whole chain: install the intermediate '{issuer}' in the Intermediate Certification Authorities store of the server "
            + "(or include it in the server's PFX) and apply the certificate again with Server Configurator; or install that intermediate on this machine or in the trust configuration. "
            + "If '" + issuer + "' is not a CA of your site, the certificate is from a CA this party does not trust: re-issue it from the trusted CA.",
            _leaf);
    }

    private static string IssuerText(ParsedCertificate certificate)
    {
        try
        {
            return certificate.Certificate.Issuer;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "(unreadable issuer name)";
        }
    }

    private IEnumerable<Problem> HostNameProblems()
    {
        if (_request.HostName.Length == 0 || _leaf.IsUnreadable)
        {
            yield break;
        }

        var match = HostNameMatcher.Match(_leaf, _request.HostName, _options.AllowCommonNameFallback);
        switch (match)
        {
            case HostNameMatch.NoMatch:
                yield return new Problem(MipSecCodes.HostNameMismatch,
                    $"The {_request.ServerDescription} certificate does not name {_request.HostName}; {NamesCarried()}.",
                    "Re-issue it with that DNS name (or IP address) as a subject alternative name and apply it with Server Configurator.", _leaf);
                break;
            case HostNameMatch.CommonNameOnly:
                yield return new Problem(MipSecCodes.HostNameFromCommonName,
                    $"The {_request.ServerDescription} certificate names {_request.HostName} only as its subject, not as a subject alternative name.",
                    "XProtect accepts this, but modern clients do not: re-issue it with the host as a DNS subject alternative name.", _leaf);
                break;
        }

        if (_options.RequireCommonNameAmongAlternativeNames && _leaf.SubjectAlternativeNames is { } sans)
        {
            foreach (var commonName in _leaf.CommonNames.Where(cn => !sans.Any(san => Presents(san, cn))))
            {
                yield return new Problem(MipSecCodes.CommonNameNotInAlternativeNames,
                    $"The {_request.ServerDescription} certificate's common name '{commonName}' is not one of its subject alternative names.",
                    "Re-issue it with a common name that repeats one of its DNS names (or leave the common name out).", _leaf);
            }
        }
    }

    // What the certificate does name, so that the mismatch can be seen at a glance: its DNS and IP SANs, else its common name.
    private string NamesCarried()
    {
        const int Shown = 10;
        var names = (_leaf.SubjectAlternativeNames ?? new List<GeneralName>())
            .Where(n => n.Kind is GeneralNameKind.Dns or GeneralNameKind.IPAddress)
            .Select(n => n.ToString())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (names.Count > 0)
        {
            return "it names " + string.Join(", ", names.Take(Shown)) + (names.Count > Shown ? $" and {names.Count - Shown} more" : string.Empty);
        }

        var commonName = _leaf.CommonNames.LastOrDefault();
        var subject = commonName is null ? "no common name" : $"only the common name '{commonName}'";
        return _leaf.SubjectAlternativeNames is null
            ? $"it has no subject alternative names and {subject}"
            : $"it has no DNS or IP subject alternative name and {subject}";
    }

    // CA/Browser Forum BR 7.1.4.3: the CN repeats a SAN byte for byte; an IP address in its canonical text form.
    private static bool Presents(GeneralName san, string commonName) => san.Kind switch
    {
        GeneralNameKind.Dns => string.Equals(san.Text, commonName, StringComparison.Ordinal),
        GeneralNameKind.IPAddress when san.Bytes.Length is 4 or 16 => string.Equals(new IPAddress(san.Bytes).ToString(), commonName, StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>RFC 5280 6.1 over a complete candidate path (leaf first, anchor last), leaving out the leaf's own checks.</summary>
    private List<Problem> EvaluatePath(IReadOnlyList<ParsedCertificate> path)
    {
        var problems = new List<Problem>();
        for (var i = 1; i < path.Count; i++)
        {
            problems.AddRange(IssuerProblems(path[i], isAnchor: i == path.Count - 1));
            if (RestrictsUsage(path[i]))
            {
                // Extended key usages in a CA restrict what it may certify, as Windows and the web PKI treat them.
                problems.Add(new Problem(MipSecCodes.ServerAuthenticationUsageMissing,
                    $"The {_checks.Describe(path[i])} is restricted (enhanced key usage) to purposes other than server authentication.",
                    "Issue server certificates from a CA whose enhanced key usages include Server Authentication, or that has none.", path[i]));
            }
        }

        if (path.Count == 1)
        {
            return problems;
        }

        var intermediates = path.Skip(1).Take(path.Count - 2).ToList();
        var logicalIntermediates = intermediates.Count(c => !c.IsSelfIssued);
        var maxIntermediates = _request.MaxIntermediates ?? _options.MaxIntermediates;
        if (logicalIntermediates > maxIntermediates)
        {
            problems.Add(new Problem(MipSecCodes.PathLengthExceeded,
                $"The chain of the {_request.ServerDescription} certificate has {logicalIntermediates} intermediate CAs; at most {maxIntermediates} are accepted.",
                "Issue the server certificate from a CA closer to the trusted root, or install the issuing CA as trusted.", _leaf));
        }

        for (var caIndex = 1; caIndex < path.Count; caIndex++)
        {
            var ca = path[caIndex];
            if (ca.BasicConstraints?.PathLength is { } pathLength)
            {
                // RFC 5280 4.2.1.9: count the non-self-issued intermediates below this CA; the leaf does not count.
                var below = path.Skip(1).Take(caIndex - 1).Count(c => !c.IsSelfIssued);
                if (below > pathLength)
                {
                    problems.Add(new Problem(MipSecCodes.PathLengthExceeded,
                        $"The {_checks.Describe(ca)} allows {pathLength} CA(s) below it, but the chain has {below}.",
                        "Issue the server certificate from a CA that the path length constraint allows.", ca));
                }
            }

            if (ca.NameConstraints is { } constraints)
            {
                for (var subjectIndex = 0; subjectIndex < caIndex; subjectIndex++)
                {
                    var subject = path[subjectIndex];
                    if (subjectIndex > 0 && subject.IsSelfIssued)
                    {
                        continue;
                    }

                    var violation = constraints.Check(subject, subjectIndex == 0 ? _commonNamesAsHostNames : Array.Empty<string>(), _budget);
                    if (violation is not null)
                    {
                        problems.Add(new Problem(MipSecCodes.NameConstraintViolated,
                            $"The {_checks.Describe(subject)} is outside what the {_checks.Describe(ca)} may certify: {violation}.",
                            "Re-issue the certificate with names the CA's name constraints permit, or issue it from a CA without those constraints.", subject));
                    }
                }
            }
        }

        if (PolicyProcessing.Check(path, _budget) is { } policyFailure)
        {
            problems.Add(new Problem(MipSecCodes.CertificatePolicyNotMet,
                $"The chain of the {_request.ServerDescription} certificate fails certificate policy processing at the {_checks.Describe(policyFailure.Culprit)}: {policyFailure.Reason}.",
                "Issue the certificates under the policies the CA requires (certificate policies extension), or issue from a CA without policy constraints.", policyFailure.Culprit));
        }

        return problems;
    }

    private bool RestrictsUsage(ParsedCertificate ca) =>
        ca.ExtendedKeyUsages is { } usages
        && !usages.Contains(Oids.AnyExtendedKeyUsage)
        && _request.RequiredExtendedKeyUsages.Any(required => !usages.Contains(required));

    private List<Problem> IssuerProblems(ParsedCertificate certificate, bool isAnchor)
    {
        if (!_issuerProblems.TryGetValue((certificate, isAnchor), out var problems))
        {
            problems = _checks.Common(certificate, isAnchor).Concat(_checks.AsIssuer(certificate, isAnchor)).ToList();
            _issuerProblems[(certificate, isAnchor)] = problems;
        }

        return problems;
    }
}
