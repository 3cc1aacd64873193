using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Site;

/// <summary>
/// Names the one cause behind many findings, so that a reader fixes it first: when server certificates of one issuer are not
/// trusted by several parties (most often the wrong CA file is trusted), one MIPSEC2024 finding at the trust list says so and
/// the "not trusted" findings become its consequences. The unreadable CA file behind "no trusted CA" is linked where that finding is made.
/// </summary>
internal static class RootCauses
{
    public static void Apply(SiteCheckContext context)
    {
        var untrusted = context.Findings
            .Where(f => f.Cause is null && f.Server?.Certificate is not null && PartyOf(f.Code) is not null)
            .Select(f => (Finding: f, Issuer: TopIssuer(context.Certificates.Resolve(f.Server!.Certificate!, f.Server))))
            .Where(f => f.Issuer is not null)
            .ToList();
        foreach (var group in untrusted.GroupBy(f => f.Issuer!.Value.Name, StringComparer.Ordinal))
        {
            // One finding is its own cause; the grouping is worth a line when one issuer explains several.
            if (group.Count() < 2)
            {
                continue;
            }

            var cause = CauseOf(context, group.Key, group.All(f => f.Issuer!.Value.Direct), group.Select(f => f.Finding).ToList());
            context.Report(cause);
            foreach (var (consequence, _) in group)
            {
                cause.Explains(consequence);
            }
        }
    }

    /// <summary>The party whose refusal a finding reports, for the site's "not trusted" codes; <see langword="null"/> for any other code.</summary>
    internal static TrustingParty? PartyOf(MipSecCode code) =>
        code.Equals(MipSecCodes.ManagementServerNotTrustedByRecordingServers) ? TrustingParty.RecordingServers
        : code.Equals(MipSecCodes.RecordingServerNotTrustedByManagementServer) ? TrustingParty.ManagementServer
        : code.Equals(MipSecCodes.ServerNotTrustedByClients) ? TrustingParty.Clients
        : null;

    // The CA the chain a server presents stops at, which a trust list must hold; Direct says whether the leaf itself names it.
    internal static (string Name, bool Direct)? TopIssuer(ResolvedCertificate resolved)
    {
        if (resolved.Primary is not { } primary)
        {
            return null;
        }

        var leaf = CertificateSummaries.From(primary);
        var top = CertificateSummaries.TopOfPresentedChain(leaf, resolved.Others.Select(CertificateSummaries.From).ToList());
        return (top.Issuer!, ReferenceEquals(top, leaf));
    }

    private static SiteFinding CauseOf(SiteCheckContext context, string issuer, bool direct, List<SiteFinding> consequences)
    {
        var trust = context.Configuration.Trust;
        var parties = consequences.Select(c => PartyOf(c.Code)!.Value).Distinct().ToList();
        var lists = parties.Select(trust.EffectivePathOf).Distinct(StringComparer.Ordinal).ToList();
        var references = parties.SelectMany(trust.CaCertificatesFor).Distinct().ToList();
        var held = parties.SelectMany(context.AnchorsFor).Select(c => c.Subject).Distinct(StringComparer.Ordinal).ToList();
        var servers = consequences.Select(c => c.Server).Where(s => s is not null).Distinct().Count();
        var listText = string.Join(" or ", lists);
        var heldText = (lists.Count == 1 ? "it holds " : "they hold ") + Quoted(held);
        var whose = servers == 1 ? $"The certificate of {consequences[0].Server!.Description} is" : $"The certificates of {servers} servers are";
        var how = direct ? "issued by" : "issued under";

        // When no server certificate the lists were asked about is trusted, the list most likely names the wrong file.
        var nothingTrusted = context.TrustVerdicts.Values.All(trusted => !trusted);
        var files = Quoted(references.Select(r => r.Text).ToList());
        var fix = nothingTrusted
            ? $"Replace {files} in {listText} with the certificate of '{issuer}', the CA that issued the server certificates, or re-issue the server certificates from {Quoted(held)} and apply them with Server Configurator."
            : $"Add the certificate of '{issuer}' to {listText}, or re-issue these server certificates from a CA it holds and apply them with Server Configurator.";
        var location = references.Select(r => r.Location).FirstOrDefault(l => l.HasLine) ?? context.TrustLocation;
        return SiteFinding.Create(MipSecCodes.IssuerNotTrusted, location, null,
            $"{whose} {how} '{issuer}', which no CA in {listText} is: {heldText}.",
            fix + $" If '{issuer}' is an intermediate CA, include it in the server certificate files instead.");
    }

    private static string Quoted(IReadOnlyList<string> texts) => string.Join(", ", texts.Select(t => "'" + t + "'"));
}
