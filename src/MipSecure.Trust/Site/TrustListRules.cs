using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Site;

/// <summary>The trust lists themselves: each verifying party needs a CA, and every trusted CA certificate must be a CA that is still valid.</summary>
internal static class TrustListRules
{
    private static readonly TrustingParty[] Parties = { TrustingParty.Clients, TrustingParty.RecordingServers, TrustingParty.ManagementServer };

    public static void Apply(SiteCheckContext context)
    {
        CheckEachCaCertificate(context);
        foreach (var party in Parties)
        {
            var mustVerify = context.EncryptedServersVerifiedBy(party).ToList();
            if (mustVerify.Count == 0 || context.ValidatorFor(party) is not null)
            {
                continue;
            }

            var trust = context.Configuration.Trust;
            var configured = trust.CaCertificatesFor(party).Count > 0;
            var noCa = SiteFinding.Create(MipSecCodes.PartyHasNoTrustedCa, context.TrustLocation, null,
                $"{Capitalize(SiteCheckContext.PartyText(party))} must verify {Names(mustVerify)} over https, but {trust.EffectivePathOf(party)} {(configured ? "holds no certificate that could be read" : "is empty")}.",
                $"List the CA certificate that issued those server certificates in {trust.EffectivePathOf(party)} (a path relative to this file, or cert:LocalMachine/Root/THUMBPRINT).");
            context.Report(noCa);

            // The file that could not be read is why the list is empty: it is the finding to fix first.
            trust.CaCertificatesFor(party).Select(r => context.Certificates.Resolve(r, null).Failure).FirstOrDefault(f => f is not null)?.Explains(noCa);
        }
    }

    private static void CheckEachCaCertificate(SiteCheckContext context)
    {
        var trust = context.Configuration.Trust;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var references = trust.CaCertificates
            .Concat(trust.ClientCaCertificates ?? Array.Empty<CertificateReference>())
            .Concat(trust.RecordingServerCaCertificates ?? Array.Empty<CertificateReference>())
            .Concat(trust.ManagementServerCaCertificates ?? Array.Empty<CertificateReference>());
        foreach (var reference in references)
        {
            var location = reference.Location.HasLine ? reference.Location : context.TrustLocation;
            foreach (var certificate in context.Certificates.Resolve(reference, null).All)
            {
                if (!seen.Add(certificate.Thumbprint))
                {
                    continue;
                }

                CheckOne(context, reference, certificate, location);
            }
        }
    }

    private static void CheckOne(SiteCheckContext context, CertificateReference reference, X509Certificate2 certificate, SourceLocation location)
    {
        var summary = CertificateSummaries.From(certificate);
        var notAfter = summary.NotAfter;
        var date = notAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (notAfter <= context.Now)
        {
            context.Report(new SiteFinding(new TrustFinding(MipSecCodes.CaCertificateExpired, FindingSeverity.Error,
                $"The trusted CA certificate '{certificate.Subject}' in '{reference.Text}' expired on {date}; no certificate it issued can be trusted.",
                "Renew the CA (or create a new one), re-issue the server certificates from it, install it on every party and replace the file.", summary), location));
        }
        else if (context.ExpiryWarningDays > 0 && notAfter - context.Now <= TimeSpan.FromDays(context.ExpiryWarningDays))
        {
            var days = DaysLeft.Count(notAfter, context.Now);
            context.Report(new SiteFinding(new TrustFinding(MipSecCodes.CaCertificateExpiresSoon, FindingSeverity.Warning,
                $"The trusted CA certificate '{certificate.Subject}' in '{reference.Text}' expires on {date}, in {days.ToString(CultureInfo.InvariantCulture)} day{(days == 1 ? string.Empty : "s")}; every server certificate it issued stops being trusted then.",
                "Renew the CA now, install the new CA certificate on every party, re-issue the server certificates and apply them with Server Configurator.", summary), location));
        }

        var isCa = certificate.Extensions.OfType<X509BasicConstraintsExtension>().Any(b => b.CertificateAuthority);
        if (!isCa)
        {
            context.Report(new SiteFinding(new TrustFinding(MipSecCodes.TrustedCertificateNotCertificateAuthority, FindingSeverity.Warning,
                $"'{reference.Text}' is listed as a trusted CA but '{certificate.Subject}' is not a CA certificate; it cannot issue server certificates.",
                "List the certificate of the CA that issued the server certificates (its basic constraints say CA=true), not a server certificate.", summary), location));
        }
    }

    private static string Names(IReadOnlyList<ServerConfiguration> servers) =>
        string.Join(", ", servers.Select(s => s.Description));

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
