using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Builds certification paths from the server certificate to a trust anchor, depth first, trying every candidate issuer
/// (subject name match, authority key identifier match first) and backtracking when a path fails. No certificate is fetched
/// from the network. The first path that passes every check wins; otherwise the path that got furthest is reported.
/// </summary>
internal sealed class PathBuilder
{
    // Deeper than any real PKI; keeps a loop of cross-signed CAs from recursing without end.
    private const int MaxDepth = 16;

    private readonly ParsedCertificate _leaf;
    private readonly IReadOnlyList<ParsedCertificate> _intermediates;
    private readonly IReadOnlyList<ParsedCertificate> _anchors;
    private readonly Func<IReadOnlyList<ParsedCertificate>, List<Problem>> _evaluatePath;
    private readonly Dictionary<(ParsedCertificate Subject, ParsedCertificate Issuer), bool> _signatures = new();
    private readonly ValidationBudget _budget;
    private readonly int _maxAttempts;

    public PathBuilder(
        ParsedCertificate leaf,
        IReadOnlyList<ParsedCertificate> intermediates,
        IReadOnlyList<ParsedCertificate> anchors,
        int maxAttempts,
        ValidationBudget budget,
        Func<IReadOnlyList<ParsedCertificate>, List<Problem>> evaluatePath)
    {
        _leaf = leaf;
        _anchors = anchors;
        _intermediates = intermediates.Where(i => !anchors.Any(a => SameBytes(a, i))).ToList();
        _evaluatePath = evaluatePath;
        _maxAttempts = maxAttempts;
        _budget = budget;
    }

    /// <summary>Gets the best path found: leaf first, anchor last; only the leaf when no anchor was reached.</summary>
    public IReadOnlyList<ParsedCertificate> BestPath { get; private set; } = Array.Empty<ParsedCertificate>();

    /// <summary>Gets the problems of <see cref="BestPath"/>; empty when it is valid.</summary>
    public List<Problem> BestProblems { get; private set; } = new();

    public bool ReachedAnchor { get; private set; }

    public bool GaveUp { get; private set; }

    /// <summary>Searches; returns whether a valid path was found.</summary>
    public bool Build()
    {
        BestPath = new[] { _leaf };
        if (_anchors.Any(a => SameBytes(a, _leaf)))
        {
            // The server certificate itself is installed as trusted (a pinned certificate).
            ReachedAnchor = true;
            BestProblems = _evaluatePath(BestPath);
            return BestProblems.All(p => !p.IsError);
        }

        var path = new List<ParsedCertificate> { _leaf };
        return Search(path);
    }

    private bool Search(List<ParsedCertificate> path)
    {
        var current = path[path.Count - 1];
        if (!ReachedAnchor && BestProblems.Count == 0 && path.Count > BestPath.Count)
        {
            // The furthest dead end so far: its top says which issuer is missing.
            BestPath = path.ToList();
        }

        if (current.IsUnreadable)
        {
            return false;
        }

        foreach (var (candidate, isAnchor) in Candidates(current))
        {
            // A certificate, or another certificate for the same name and key, never appears twice: that is a loop.
            if (path.Any(p => SameBytes(p, candidate) || (p.SubjectName.AsSpan().SequenceEqual(candidate.SubjectName) && p.PublicKey.AsSpan().SequenceEqual(candidate.PublicKey))))
            {
                continue;
            }

            if (!_budget.TrySpendPathBuildingStep(_maxAttempts))
            {
                GaveUp = true;
                return false;
            }

            var verified = SignatureVerifies(current, candidate);
            if (verified is null)
            {
                GaveUp = true;
                return false;
            }

            if (verified == false)
            {
                // A look-alike that is not even a CA (another self-signed server certificate, say) is no issuer: report "untrusted".
                if (!candidate.IsCertificateAuthority)
                {
                    continue;
                }

                Consider(path, reachedAnchor: false, new List<Problem>
                {
                    new(MipSecCodes.SignatureInvalid,
                        $"The certificate '{current.CommonNames.LastOrDefault() ?? current.Summary.Subject}' names '{candidate.CommonNames.LastOrDefault() ?? candidate.Summary.Subject}' as its issuer, but that CA's signature on it does not verify.",
                        "The chain was assembled from the wrong files, or the certificate was altered: re-issue it from the CA and install the CA certificate that really issued it.",
                        current),
                });
                continue;
            }

            path.Add(candidate);
            try
            {
                if (isAnchor)
                {
                    var problems = _evaluatePath(path);
                    Consider(path, reachedAnchor: true, problems);
                    if (problems.All(p => !p.IsError))
                    {
                        return true;
                    }

                    if (_budget.IsExhausted)
                    {
                        GaveUp = true;
                        return false;
                    }
                }
                else if (path.Count <= MaxDepth && Search(path))
                {
                    return true;
                }
            }
            finally
            {
                path.RemoveAt(path.Count - 1);
            }

            if (GaveUp)
            {
                return false;
            }
        }

        return false;
    }

    private IEnumerable<(ParsedCertificate Certificate, bool IsAnchor)> Candidates(ParsedCertificate child)
    {
        var matches = _anchors.Select(a => (Certificate: a, IsAnchor: true))
            .Concat(_intermediates.Select(i => (Certificate: i, IsAnchor: false)))
            .Where(c => !c.Certificate.IsUnreadable && c.Certificate.SubjectName.AsSpan().SequenceEqual(child.IssuerName))
            .ToList();

        // Anchors first (shortest path), and within each group the issuers whose key identifier the child names.
        return matches
            .OrderBy(c => c.IsAnchor ? 0 : 1)
            .ThenBy(c => child.AuthorityKeyIdentifier is not null && c.Certificate.SubjectKeyIdentifier is not null
                && child.AuthorityKeyIdentifier.AsSpan().SequenceEqual(c.Certificate.SubjectKeyIdentifier) ? 0 : 1);
    }

    // Null when the signature budget is spent; a result already known costs nothing.
    private bool? SignatureVerifies(ParsedCertificate subject, ParsedCertificate issuer)
    {
        if (!_signatures.TryGetValue((subject, issuer), out var verified))
        {
            if (!_budget.TrySpendSignatureCheck())
            {
                return null;
            }

            verified = SignatureVerifier.Verify(subject, issuer);
            _signatures[(subject, issuer)] = verified;
        }

        return verified;
    }

    // Ranks failed paths: one that reached an anchor beats one that did not; among equals, the longer (further) one wins.
    private void Consider(List<ParsedCertificate> path, bool reachedAnchor, List<Problem> problems)
    {
        var better = reachedAnchor switch
        {
            true when !ReachedAnchor => true,
            true => problems.Count(p => p.IsError) < BestProblems.Count(p => p.IsError),
            false when ReachedAnchor => false,
            false => BestProblems.Count == 0 || path.Count > BestPath.Count,
        };

        if (better)
        {
            BestPath = path.ToList();
            BestProblems = problems;
            ReachedAnchor |= reachedAnchor;
        }
    }

    private static bool SameBytes(ParsedCertificate a, ParsedCertificate b) => a.Raw.AsSpan().SequenceEqual(b.Raw);
}
