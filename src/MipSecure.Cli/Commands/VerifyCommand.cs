using System;
using System.CommandLine;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Cli.Output;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Commands;

/// <summary><c>mipsecure verify CERT --ca FILE… --host NAME [--at TIME] [--json]</c>: one certificate or chain file against the anchors.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var certificate = new Argument<string>("CERT") { Description = "The server certificate: PEM (a chain file is fine: leaf first), DER or PFX." };
        var ca = CommonOptions.CaFiles("A trusted CA certificate file (PEM bundle, DER). Repeat for several. The issuing CA is enough.");
        ca.Required = true;
        var host = new Option<string>("--host") { Description = "The host name or IP address clients dial, e.g. rec1.contoso.local.", Required = true };
        var at = CommonOptions.At();
        var json = CommonOptions.Json();
        var passwordVariable = new Option<string?>("--password-variable") { Description = "The environment variable that holds the PFX password (never pass a password on the command line)." };
        var crl = CommonOptions.CrlFiles();
        var warningDays = CommonOptions.ExpiryWarningDays($"Warn this many days before a certificate expires (default {ExpiryWarningWindow.DefaultDays}).");

        var command = new Command("verify", CommonOptions.WithExample("Check one server certificate (or a chain file) against trusted CA certificates and a host name.", "mipsecure verify certs/rec1.contoso.local.crt --ca ca/contoso-xprotect-ca.crt --host rec1.contoso.local"))
        {
            certificate, ca, host, at, json, passwordVariable, warningDays, crl,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(ct =>
        {
            var password = ReadPassword(context, parse.GetValue(passwordVariable));
            using var loaded = CertificateLoader.LoadFile(parse.GetValue(certificate)!, password);
            var anchors = TrustAnchorSet.FromFiles(CliContext.Values(parse.GetValue(ca)));
            var validator = new CertificateValidator(anchors, new CertificateValidationOptions
            {
                TimeProvider = context.TimeProvider,
                ExpiryWarningDays = parse.GetValue(warningDays) ?? ExpiryWarningWindow.DefaultDays,
                RevocationLists = CliContext.Values(parse.GetValue(crl)).Select(CertificateRevocationList.Load).ToList(),
            });
            var hostName = parse.GetValue(host)!;
            var trust = validator.Validate(new CertificateValidationRequest(loaded.Primary, hostName)
            {
                Intermediates = loaded.Others,
                ValidationTime = parse.GetValue(at),
            });
            var certificates = new[] { loaded.Primary }.Concat(loaded.Others).Select(CertificateSummaries.From).ToList();
            var report = new CommandReport(new[]
            {
                new TargetResult(hostName, EncryptionState.NotApplicable, trust.Findings) { CertificateChecked = true, Certificates = certificates },
            });
            if (parse.GetValue(json))
            {
                JsonReportWriter.Write(report, context.Console.Out);
            }
            else
            {
                var now = parse.GetValue(at) ?? context.TimeProvider.GetUtcNow();
                CertificateTextWriter.Write(certificates, now, context.Console.Out);
                TextReportWriter.Write(report, context.Console);
            }

            return Task.FromResult(report.ExitCode);
        }, cancellationToken));
        return command;
    }

    /// <summary>The PFX password a password-variable option names; <see langword="null"/> when none is named.</summary>
    internal static string? ReadPassword(CliContext context, string? variable) =>
        string.IsNullOrEmpty(variable) ? null : context.ReadSecret("--password-variable", variable!, "the PFX password");
}
