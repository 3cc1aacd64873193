using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Site;

/// <summary>
/// Each server's certificate: R1-R4 against every host it is reached by over https, R4's private key in a PFX,
/// and R8: every party that verifies the server trusts the CA that issued it.
/// </summary>
internal static class ServerCertificateRules
{
    public static void Apply(SiteCheckContext context)
    {
        foreach (var server in context.Configuration.Servers)
        {
            CheckServer(context, server);
        }
    }

    private static void CheckServer(SiteCheckContext context, ServerConfiguration server)
    {
        var secureEndpoints = server.Endpoints.Where(e => e.IsHttps).ToList();
        var certificate = server.Certificate;
        if (certificate is null)
        {
            if (secureEndpoints.Count > 0)
            {
                var first = secureEndpoints[0];
                context.Report(MipSecCodes.EncryptedServerWithoutCertificate, first.Location, server,
                    $"{Capitalize(server.Description)} has encryption on ({first.PropertyName} {first.Uri.OriginalString}) but no certificate is named, so its certificate is only checked when a client connects.",
                    "Add \"certificate\" with the server certificate file (exported without the private key is enough) so the build and `mipsecure check` can verify it ahead of time.");
            }

            return;
        }

        var certificateLocation = certificate.Location.HasLine ? certificate.Location : server.LocationOf("certificate");
        if (secureEndpoints.Count == 0)
        {
            context.Report(MipSecCodes.CertificateReadyButEncryptionOff, certificateLocation, server,
                $"A certificate is ready for {server.Description} ('{certificate.Text}') but encryption is off: every address it is reached by is http.",
                "Apply the certificate with Server Configurator and change the address to https when the integrations in use support encryption; otherwise nothing to do.");
            return;
        }

        var resolved = context.Certificates.Resolve(certificate, server);
        if (!resolved.IsLoaded)
        {
            return;
        }

        // Whether each verifying party trusts the chain. Trust does not depend on the host, so the report for the first host
        // answers it, and the same report serves that host's name checks below: one validation per validator and host.
        var validations = new ServerValidations(context, server, resolved);
        var firstHost = secureEndpoints[0].Host;
        var verdicts = SiteCheckContext.PartiesThatVerify(server.Role)
            .Select(party => (Party: party, Validator: context.ValidatorFor(party)))
            .Where(p => p.Validator is not null)
            .Select(p => (p.Party, Validator: p.Validator!, Trusted: !validations.Of(p.Validator!, firstHost).Has(MipSecCodes.CertificateUntrusted)))
            .ToList();
        if (verdicts.Count > 0)
        {
            context.TrustVerdicts[server] = verdicts.Any(v => v.Trusted);
        }

        CheckPrivateKey(context, server, resolved, certificateLocation);

        // R1-R4 do not depend on who verifies; judge them with anchors that build the whole chain when some party has them.
        var validator = verdicts.Where(v => v.Trusted).Select(v => v.Validator).FirstOrDefault()
            ?? verdicts.Select(v => v.Validator).FirstOrDefault()
            ?? context.AnchorlessValidator;
        CheckCertificate(context, server, validations, secureEndpoints, certificateLocation, validator);
        foreach (var (party, _, _) in verdicts.Where(v => !v.Trusted))
        {
            ReportUntrusted(context, server, resolved, certificateLocation, party);
        }
    }

    private static void CheckPrivateKey(SiteCheckContext context, ServerConfiguration server, ResolvedCertificate resolved, SourceLocation location)
    {
        if (resolved.Format != CertificateFormat.Pkcs12)
        {
            return;
        }

        var leaf = resolved.Primary!;
        if (PrivateKeyCheck.HasMatchingPrivateKey(leaf))
        {
            return;
        }

        context.Report(new SiteFinding(new TrustFinding(MipSecCodes.PrivateKeyMissing, FindingSeverity.Error,
            $"The PFX '{resolved.Reference.Text}' for {server.Description} holds no private key that matches its certificate '{leaf.Subject}'; the server cannot present it.",
            "Export the certificate again with \"Yes, export the private key\", import it into the machine's Personal store, then in certlm.msc right-click it, All Tasks > Manage Private Keys, and give the service account (NETWORK SERVICE by default) Read.",
            CertificateSummaries.From(leaf)), location, server));
    }

    // Every host the server is reached by over https: the certificate must name each one (the local and the public host can differ).
    private static void CheckCertificate(SiteCheckContext context, ServerConfiguration server, ServerValidations validations, List<ServerEndpoint> secureEndpoints, SourceLocation certificateLocation, CertificateValidator validator)
    {
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in secureEndpoints.GroupBy(e => e.Host, StringComparer.OrdinalIgnoreCase).Select(g => g.First()))
        {
            var report = validations.Of(validator, endpoint.Host);
            foreach (var finding in report.Findings.Where(f => !IsTrustFinding(f.Code)))
            {
                if (reported.Add(finding.Code.Id + "|" + finding.Message))
                {
                    var location = IsHostFinding(finding.Code) ? endpoint.Location : certificateLocation;
                    context.Report(new SiteFinding(finding, location, server));
                }
            }
        }
    }

    private static void ReportUntrusted(SiteCheckContext context, ServerConfiguration server, ResolvedCertificate resolved, SourceLocation location, TrustingParty party)
    {
        var trust = context.Configuration.Trust;
        var code = party switch
        {
            TrustingParty.RecordingServers => MipSecCodes.ManagementServerNotTrustedByRecordingServers,
            TrustingParty.ManagementServer => MipSecCodes.RecordingServerNotTrustedByManagementServer,
            _ => MipSecCodes.ServerNotTrustedByClients,
        };
        var leaf = resolved.Primary!;
        context.Report(new SiteFinding(new TrustFinding(code, FindingSeverity.Error,
            $"The certificate of {server.Description} ('{leaf.Subject}', issued by '{leaf.Issuer}') does not chain to a CA in {trust.EffectivePathOf(party)}, so {SiteCheckContext.PartyText(party)} will refuse the connection.",
            $"Add the CA certificate that issued it to {trust.EffectivePathOf(party)} and install it in the Trusted Root store of {SiteCheckContext.PartyText(party)}, or re-issue the server certificate from a CA they already trust. Include intermediate CA certificates in the certificate file.",
            CertificateSummaries.From(leaf)), location, server));
    }

    private static bool IsTrustFinding(MipSecCode code) =>
        code.Equals(MipSecCodes.CertificateUntrusted) || code.Equals(MipSecCodes.NoTrustAnchors);

    private static bool IsHostFinding(MipSecCode code) =>
        code.Equals(MipSecCodes.HostNameMismatch) || code.Equals(MipSecCodes.HostNameFromCommonName);

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);

    /// <summary>The reports on one server's certificate, each validator and host judged once.</summary>
    private sealed class ServerValidations
    {
        private readonly Dictionary<(CertificateValidator Validator, string Host), TrustReport> _reports = new();
        private readonly SiteCheckContext _context;
        private readonly ServerConfiguration _server;
        private readonly ResolvedCertificate _resolved;

        public ServerValidations(SiteCheckContext context, ServerConfiguration server, ResolvedCertificate resolved)
        {
            _context = context;
            _server = server;
            _resolved = resolved;
        }

        public TrustReport Of(CertificateValidator validator, string host)
        {
            var key = (validator, host);
            if (!_reports.TryGetValue(key, out var report))
            {
                report = validator.Validate(new CertificateValidationRequest(_resolved.Primary!, host)
                {
                    Intermediates = _resolved.Others,
                    ServerDescription = _server.Description,
                    ValidationTime = _context.Now,
                });
                _reports.Add(key, report);
            }

            return report;
        }
    }
}
