using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using MipSecure.Cli.Pki;
using MipSecure.Pki;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Commands;

/// <summary><c>mipsecure pki issue --ca CA.pfx --host FQDN… [--ip ADDR…] --out DIR [--renew CERT]</c>.</summary>
internal static class PkiIssueCommand
{
    public static Command Create(CliContext context)
    {
        var caFile = new Option<string>("--ca") { Description = "The CA's PFX file (from 'pki create-ca').", Required = true };
        var caPasswordVariable = new Option<string?>("--ca-password-variable") { Description = "Environment variable holding the CA PFX password." };
        var hosts = new Option<string[]>("--host") { Description = "A fully qualified host name; the short name is added too. Repeat for more.", Arity = ArgumentArity.ZeroOrMore };
        var addresses = new Option<string[]>("--ip") { Description = "An IP address clients use. Repeat for more.", Arity = ArgumentArity.ZeroOrMore };
        var renew = new Option<string?>("--renew") { Description = "An existing certificate to re-issue with the same names." };
        var output = new Option<string>("--out") { Description = "The folder to write the certificate files to.", Required = true };
        var days = new Option<int>("--days") { Description = "Validity in days.", DefaultValueFactory = _ => 365 };
        var keySize = new Option<int>("--key-size") { Description = "RSA key size in bits (2048 or more).", DefaultValueFactory = _ => 2048 };
        var passwordVariable = new Option<string?>("--password-variable") { Description = "Environment variable holding the password for the server certificate's PFX (recommended)." };
        var force = CommonOptions.Force();
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 36500)
            {
                result.AddError("--days must be between 1 and 36500.");
            }
        });
        keySize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 2048)
            {
                result.AddError("--key-size must be 2048 or more: XProtect requires RSA keys of at least 2048 bits.");
            }
        });

        var command = new Command("issue", CommonOptions.WithExample("Issue a server certificate for a management, recording, failover, mobile or event server.", "mipsecure pki issue --ca ca/contoso-xprotect-ca.pfx --ca-password-variable CA_PFX_PASSWORD --host rec1.contoso.local --ip 10.0.0.5 --out certs"))
        {
            caFile, caPasswordVariable, hosts, addresses, renew, output, days, keySize, passwordVariable, force,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(hosts)?.Length ?? 0) == 0 && result.GetValue(renew) is null)
            {
                result.AddError("Give at least one --host, or --renew with the certificate to re-issue.");
            }

            foreach (var address in result.GetValue(addresses) ?? Array.Empty<string>())
            {
                if (!IPAddress.TryParse(address, out _))
                {
                    result.AddError($"--ip '{address}' is not an IP address.");
                }
            }
        });
        command.SetAction((parse, cancellationToken) => context.RunAsync(async ct =>
        {
            var caPassword = VerifyCommand.ReadPassword(context, parse.GetValue(caPasswordVariable));
            var password = VerifyCommand.ReadPassword(context, parse.GetValue(passwordVariable));
            var caPath = parse.GetValue(caFile)!;
            using var caFiles = CertificateLoader.LoadFile(caPath, caPassword);
            if (!caFiles.Primary.HasPrivateKey)
            {
                throw new MipSecureException(
                    MipSecCodes.CaPrivateKeyMissing,
                    $"{caPath} holds the CA's certificate but not its private key, which issuing a certificate needs.",
                    "Pass the CA's .pfx from 'pki create-ca' with --ca (and its password with --ca-password-variable).");
            }

            using var ca = CertificateAuthority.Open(caFiles.Primary, context.TimeProvider);

            var dnsNames = new List<string>();
            var ips = (parse.GetValue(addresses) ?? Array.Empty<string>()).Select(IPAddress.Parse).ToList();
            var renewPath = parse.GetValue(renew);
            if (renewPath is not null)
            {
                using var existing = CertificateLoader.LoadFile(renewPath);
                var names = ServerNames.Of(existing.Primary);
                dnsNames.AddRange(names.DnsNames);
                ips.AddRange(names.IPAddresses);
            }

            foreach (var host in parse.GetValue(hosts) ?? Array.Empty<string>())
            {
                dnsNames.Add(host);
                var dot = host.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && !IPAddress.TryParse(host, out _))
                {
                    dnsNames.Add(host.Substring(0, dot));
                }
            }

            dnsNames = dnsNames.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            ips = ips.Distinct().ToList();
            var commonName = dnsNames.FirstOrDefault() ?? ips.First().ToString();
            var folder = parse.GetValue(output)!;
            CertificateFiles.EnsureWritable(CertificateFiles.PathsFor(folder, CertificateFiles.Slug(commonName)), parse.GetValue(force));

            // A certificate cannot outlive its issuer: clients stop trusting it when the CA expires, so it ends there.
            var lifetime = TimeSpan.FromDays(parse.GetValue(days));
            var caLeft = new DateTimeOffset(caFiles.Primary.NotAfter.ToUniversalTime(), TimeSpan.Zero) - context.TimeProvider.GetUtcNow();
            if (caLeft <= TimeSpan.Zero)
            {
                throw new MipSecureException(
                    MipSecCodes.CertificateExpired,
                    string.Create(CultureInfo.InvariantCulture, $"The CA in {caPath} expired on {caFiles.Primary.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC; certificates it issues would never be trusted."),
                    "Create a new CA with 'pki create-ca', install it on every server and client, and issue the certificates again.");
            }

            if (lifetime > caLeft)
            {
                lifetime = caLeft;
                await context.Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"warning: the CA expires on {caFiles.Primary.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC, so the certificate is valid until then ({(int)caLeft.TotalDays} days) instead of {parse.GetValue(days)} days.")).ConfigureAwait(false);
            }

            var certificate = ca.Issue(new CertificateSpec
            {
                CommonName = commonName,
                DnsNames = dnsNames,
                IPAddresses = ips,
                KeySize = parse.GetValue(keySize),
                NotAfterOffset = lifetime,
            });
            var files = CertificateFiles.Write(certificate, folder, CertificateFiles.Slug(commonName), password, parse.GetValue(force));
            var verb = renewPath is null ? "Issued" : "Renewed";
            await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{verb} '{commonName}' for {string.Join(", ", dnsNames.Concat(ips.Select(i => i.ToString())))}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC.")).ConfigureAwait(false);
            foreach (var file in files)
            {
                await context.Console.Out.WriteLineAsync("  " + file).ConfigureAwait(false);
            }

            await context.Console.Out.WriteLineAsync("Import the .pfx into the server's 'Personal' store (Local Computer), grant the service account read access to its private key, then select it in Server Configurator.").ConfigureAwait(false);
            if (password is null)
            {
                await context.Console.Error.WriteLineAsync(CertificateFiles.NoPasswordWarning("the server certificate's PFX")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
