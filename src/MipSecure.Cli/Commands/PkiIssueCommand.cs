using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using MipSecure.Cli.Pki;
using MipSecure.Testing.Certificates;
using MipSecure.Trust.Certificates;

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
        var passwordVariable = new Option<string?>("--password-variable") { Description = "Environment variable holding the password for the server certificate's PFX." };
        keySize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 2048)
            {
                result.AddError("--key-size must be 2048 or more: XProtect requires RSA keys of at least 2048 bits.");
            }
        });

        var command = new Command("issue", CommonOptions.WithExample("Issue a server certificate for a management, recording, failover, mobile or event server.", "mipsecure pki issue --ca ca/contoso-xprotect-ca.pfx --ca-password-variable CA_PFX_PASSWORD --host rec1.contoso.local --ip 10.0.0.5 --out certs"))
        {
            caFile, caPasswordVariable, hosts, addresses, renew, output, days, keySize, passwordVariable,
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
            using var caFiles = CertificateLoader.LoadFile(parse.GetValue(caFile)!, caPassword);
            using var ca = TestCertificateAuthority.Open(caFiles.Primary, context.TimeProvider);

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
            var certificate = ca.Issue(new CertificateSpec
            {
                CommonName = commonName,
                DnsNames = dnsNames,
                IPAddresses = ips,
                KeySize = parse.GetValue(keySize),
                NotAfterOffset = TimeSpan.FromDays(parse.GetValue(days)),
            });
            var files = CertificateFiles.Write(certificate, parse.GetValue(output)!, CertificateFiles.Slug(commonName), password);
            var verb = renewPath is null ? "Issued" : "Renewed";
            await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{verb} '{commonName}' for {string.Join(", ", dnsNames.Concat(ips.Select(i => i.ToString())))}, valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC.")).ConfigureAwait(false);
            foreach (var file in files)
            {
                await context.Console.Out.WriteLineAsync("  " + file).ConfigureAwait(false);
            }

            await context.Console.Out.WriteLineAsync("Import the .pfx into the server's 'Personal' store (Local Computer), grant the service account read access to its private key, then select it in Server Configurator.").ConfigureAwait(false);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
