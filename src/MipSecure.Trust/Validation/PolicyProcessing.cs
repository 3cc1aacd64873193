using System;
using System.Collections.Generic;
using System.Linq;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Certificate policy processing of RFC 5280 6.1.2-6.1.5 with user-initial-policy-set = {anyPolicy} and the three initial
/// inhibit flags off, which is what a server-authentication client asks for: a path is refused only when a CA demands an
/// explicit policy (requireExplicitPolicy) and no policy is valid through the whole path, or when a mapping names anyPolicy.
/// The policy tree is kept as its bottom row only (valid policy to expected policies): with anyPolicy as the user's set, the
/// outcome depends on whether that row is empty, never on the upper rows or on qualifiers. This is the reduced form
/// webpki-style validators use, and it processes policyMappings, inhibitPolicyMapping and inhibitAnyPolicy, so that a
/// critical policyConstraints extension is honoured rather than ignored (RFC 5280 4.2). The trust anchor is input
/// (RFC 5280 6.1.1 d), so its own policy extensions are not processed.
/// </summary>
internal static class PolicyProcessing
{
    public const string AnyPolicy = "2.5.29.32.0";

    /// <summary>Processes <paramref name="path"/> (leaf first, anchor last).</summary>
    /// <param name="path">The path.</param>
    /// <param name="budget">Charged one comparison per policy examined.</param>
    /// <returns>Why the path fails, with the certificate to blame, or <see langword="null"/> when it passes.</returns>
    public static (string Reason, ParsedCertificate Culprit)? Check(IReadOnlyList<ParsedCertificate> path, ValidationBudget budget)
    {
        var n = path.Count - 1;
        if (n < 1)
        {
            return null;
        }

        var explicitPolicy = n + 1;
        var inhibitAnyPolicy = n + 1;
        var policyMapping = n + 1;
        ParsedCertificate? requirer = null;
        Dictionary<string, HashSet<string>>? row = new(StringComparer.Ordinal) { [AnyPolicy] = new HashSet<string>(StringComparer.Ordinal) { AnyPolicy } };
        for (var i = 1; i <= n; i++)
        {
            var certificate = path[n - i];
            var isLeaf = i == n;
            if (row is not null)
            {
                row = certificate.CertificatePolicies is { } policies
                    ? NextRow(row, policies, inhibitAnyPolicy > 0 || (!isLeaf && certificate.IsSelfIssued), budget)
                    : null;
            }

            if (explicitPolicy == 0 && row is null)
            {
                return (NoValidPolicy(requirer, path, n - i), certificate);
            }

            if (isLeaf)
            {
                break;
            }

            if (certificate.PolicyMappings is { } mappings)
            {
                if (mappings.Any(m => m.IssuerDomain == AnyPolicy || m.SubjectDomain == AnyPolicy))
                {
                    return ("it maps anyPolicy in its policy mappings, which RFC 5280 forbids", certificate);
                }

                row = row is null ? null : ApplyMappings(row, mappings, policyMapping > 0);
            }

            if (!certificate.IsSelfIssued)
            {
                explicitPolicy = Math.Max(0, explicitPolicy - 1);
                policyMapping = Math.Max(0, policyMapping - 1);
                inhibitAnyPolicy = Math.Max(0, inhibitAnyPolicy - 1);
            }

            if (certificate.RequireExplicitPolicy is { } require && require < explicitPolicy)
            {
                explicitPolicy = require;
                requirer = certificate;
            }

            if (certificate.InhibitPolicyMapping is { } inhibitMapping)
            {
                policyMapping = Math.Min(policyMapping, inhibitMapping);
            }

            if (certificate.InhibitAnyPolicy is { } skipCerts)
            {
                inhibitAnyPolicy = Math.Min(inhibitAnyPolicy, skipCerts);
            }
        }

        // 6.1.5 (a) and (b): the server certificate's own count, then its own requireExplicitPolicy of 0.
        var leaf = path[0];
        explicitPolicy = Math.Max(0, explicitPolicy - 1);
        if (leaf.RequireExplicitPolicy == 0)
        {
            explicitPolicy = 0;
            requirer = leaf;
        }

        return explicitPolicy > 0 || row is not null ? null : (NoValidPolicy(requirer, path, 0), leaf);
    }

    // 6.1.3 (d): a policy of the certificate is valid when the row above expects it or holds anyPolicy; anyPolicy in the
    // certificate (when not inhibited) carries every expected policy of the row above down.
    private static Dictionary<string, HashSet<string>>? NextRow(Dictionary<string, HashSet<string>> row, List<string> policies, bool anyPolicyAllowed, ValidationBudget budget)
    {
        var next = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var rowHasAnyPolicy = row.ContainsKey(AnyPolicy);
        foreach (var policy in policies.Where(p => p != AnyPolicy))
        {
            budget.ChargeNameComparisons(row.Count);
            if (rowHasAnyPolicy || row.Values.Any(expected => expected.Contains(policy)))
            {
                next[policy] = new HashSet<string>(StringComparer.Ordinal) { policy };
            }
        }

        if (anyPolicyAllowed && policies.Contains(AnyPolicy))
        {
            foreach (var expected in row.Values.SelectMany(e => e).Where(e => !next.ContainsKey(e)).ToList())
            {
                next[expected] = new HashSet<string>(StringComparer.Ordinal) { expected };
            }
        }

        return next.Count == 0 ? null : next;
    }

    // 6.1.4 (b): with mapping allowed, a mapped policy now expects its subject-domain policies (created from anyPolicy when
    // absent); with mapping inhibited, a mapped policy is deleted.
    private static Dictionary<string, HashSet<string>>? ApplyMappings(Dictionary<string, HashSet<string>> row, List<(string IssuerDomain, string SubjectDomain)> mappings, bool mappingAllowed)
    {
        foreach (var group in mappings.GroupBy(m => m.IssuerDomain, StringComparer.Ordinal))
        {
            if (!mappingAllowed)
            {
                row.Remove(group.Key);
            }
            else if (row.ContainsKey(group.Key) || row.ContainsKey(AnyPolicy))
            {
                row[group.Key] = new HashSet<string>(group.Select(m => m.SubjectDomain), StringComparer.Ordinal);
            }
        }

        return row.Count == 0 ? null : row;
    }

    private static string NoValidPolicy(ParsedCertificate? requirer, IReadOnlyList<ParsedCertificate> path, int index) =>
        "no certificate policy is valid for the whole chain"
        + (requirer is null ? string.Empty : $", but '{requirer.CommonNames.LastOrDefault() ?? requirer.Summary.Subject}' requires an explicit policy (policy constraints)")
        + (path[index].CertificatePolicies is null ? " and this certificate carries no certificate policies" : string.Empty);
}
