using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Output;

/// <summary>
/// The live commands' form of the site check's MIPSEC2024: when the certificates of one issuer are refused on several
/// counts (every server of a site trusted with the wrong CA), one cause on the site row names the issuer and the CA
/// certificates trusted instead, and the "not trusted" findings become its consequences.
/// </summary>
internal static class IssuerCauses
{
    private static readonly MipSecCode[] NotTrustedCodes =
    {
        MipSecCodes.CertificateUntrusted,
        MipSecCodes.ManagementServerNotTrustedByRecordingServers,
        MipSecCodes.RecordingServerNotTrustedByManagementServer,
        MipSecCodes.ServerNotTrustedByClients,
    };

    /// <summary>Groups the report's "not trusted" findings by issuer under one cause each.</summary>
    /// <param name="report">The report.</param>
    /// <param name="anchors">The CA certificates the command trusted; empty when it used the machine's store.</param>
    /// <param name="trustList">Where those come from in the words of the command, for example <c>the --ca files ('ca.crt')</c>.</param>
    /// <returns>The report with the causes on its site row (first), or <paramref name="report"/> when nothing groups.</returns>
    public static CommandReport Group(CommandReport report, TrustAnchorSet anchors, string trustList)
    {
        var untrusted = report.Results
            .Where(r => !r.IsSite)
            .SelectMany(r => r.Findings.Where(f => r.CauseOf(f) is null && NotTrustedCodes.Contains(f.Code) && Leaf(r, f)?.Issuer is not null).Select(f => new Consequence(r, f)))
            .GroupBy(c => TopIssuer(c).Name, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .ToList();
        if (untrusted.Count == 0)
        {
            return report;
        }

        var nothingTrusted = !report.Results.Any(r => r.Trusted == true);
        var causeOf = new Dictionary<TrustFinding, TrustFinding>(ReferenceEqualityComparer.Instance);
        var causes = new List<TrustFinding>();
        foreach (var group in untrusted)
        {
            var cause = CauseOf(group.Key, group.ToList(), anchors, trustList, nothingTrusted);
            causes.Add(cause);
            foreach (var consequence in group)
            {
                causeOf[consequence.Finding] = cause;
            }
        }

        var results = report.Results.Select(r => r.IsSite ? r : r with { Causes = Merge(r.Causes, causeOf, r.Findings) }).ToList();
        var site = results.FirstOrDefault(r => r.IsSite);
        if (site is null)
        {
            results.Insert(0, new TargetResult("site", EncryptionState.NotApplicable, causes) { IsSite = true });
        }
        else
        {
            results.Remove(site);
            results.Insert(0, site with { Findings = causes.Concat(site.Findings).ToList() });
        }

        return new CommandReport(results);
    }

    // The certificate a finding is about, as the command read it (with its issuer) when it did.
    private static CertificateSummary? Leaf(TargetResult target, TrustFinding finding) =>
        finding.Certificate is not { } certificate ? null : target.Certificates.FirstOrDefault(c => c.Thumbprint == certificate.Thumbprint) ?? certificate;

    // The CA the presented chain stops at, which the trust list lacks; Direct says whether the leaf itself names it.
    private static (string Name, bool Direct) TopIssuer(Consequence consequence)
    {
        var leaf = Leaf(consequence.Target, consequence.Finding)!;
        var top = CertificateSummaries.TopOfPresentedChain(leaf, consequence.Target.Certificates);
        return (top.Issuer!, ReferenceEquals(top, leaf));
    }

    private static TrustFinding CauseOf(string issuer, List<Consequence> consequences, TrustAnchorSet anchors, string trustList, bool nothingTrusted)
    {
        var servers = consequences.Select(c => c.Target.Server ?? c.Target.Target).Distinct(StringComparer.Ordinal).ToList();
        var how = consequences.All(c => TopIssuer(c).Direct) ? "issued by" : "issued under";
        var whose = servers.Count == 1 ? $"The certificate of {servers[0]} is" : $"The certificates of {servers.Count} servers are";
        // A short list (the --ca files) is named; a machine store of dozens of roots is counted.
        var named = anchors.Certificates.Count <= 3;
        var held = named
            ? string.Join(", ", anchors.Certificates.Select(c => "'" + c.Subject + "'").Distinct(StringComparer.Ordinal))
            : anchors.Certificates.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " CA certificates";
        var message = anchors.IsEmpty
            ? $"{whose} {how} '{issuer}', and {trustList} holds no CA certificate."
            : $"{whose} {how} '{issuer}', which no CA certificate in {trustList} is: {(anchors.Certificates.Count == 1 ? "it is" : named ? "they are" : "it holds")} {held}.";
        var fix = nothingTrusted && named && !anchors.IsEmpty
            ? $"Give the certificate of '{issuer}', the CA that issued the server certificates, in place of {held} in {trustList}; or re-issue the server certificates from {held} and apply them with Server Configurator."
            : $"Add the certificate of '{issuer}' to {trustList} (and to the Trusted Root store of the parties that connect), or re-issue these server certificates from a CA already trusted and apply them with Server Configurator.";
        return new TrustFinding(MipSecCodes.IssuerNotTrusted, FindingSeverity.Error, message,
            fix + $" If '{issuer}' is an intermediate CA, make the servers send it: include it in their certificate (PFX) and apply it again.");
    }

    private static Dictionary<TrustFinding, TrustFinding> Merge(IReadOnlyDictionary<TrustFinding, TrustFinding> existing, Dictionary<TrustFinding, TrustFinding> added, IReadOnlyList<TrustFinding> findings)
    {
        var merged = new Dictionary<TrustFinding, TrustFinding>(ReferenceEqualityComparer.Instance);
        foreach (var pair in existing)
        {
            merged[pair.Key] = pair.Value;
        }

        foreach (var finding in findings)
        {
            if (added.TryGetValue(finding, out var cause))
            {
                merged[finding] = cause;
            }
        }

        return merged;
    }
}
