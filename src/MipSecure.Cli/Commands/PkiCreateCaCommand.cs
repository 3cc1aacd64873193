using System;
using System.CommandLine;
using System.Globalization;
using System.Threading.Tasks;
using MipSecure.Cli.Pki;
using MipSecure.Pki;

namespace MipSecure.Cli.Commands;

/// <summary><c>mipsecure pki create-ca --name NAME --out DIR</c>.</summary>
internal static class PkiCreateCaCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Option<string>("--name") { Description = "The CA's common name.", DefaultValueFactory = _ => "XProtect Certificate Authority" };
        var output = new Option<string>("--out") { Description = "The folder to write the CA files to.", Required = true };
        var days = new Option<int>("--days") { Description = "Validity in days.", DefaultValueFactory = _ => 3650 };
        var keySize = new Option<int>("--key-size") { Description = "RSA key size in bits (2048 or more).", DefaultValueFactory = _ => 4096 };
        var passwordVariable = new Option<string?>("--password-variable") { Description = "Environment variable holding the password that protects the CA's PFX (recommended)." };
        var force = CommonOptions.Force();
        keySize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 2048)
            {
                result.AddError("--key-size must be 2048 or more: XProtect requires RSA keys of at least 2048 bits.");
            }
        });
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 36500)
            {
                result.AddError("--days must be between 1 and 36500.");
            }
        });

        var command = new Command("create-ca", CommonOptions.WithExample("Create a certificate authority that issues XProtect server certificates.", "mipsecure pki create-ca --name \"Contoso XProtect CA\" --out ca --password-variable CA_PFX_PASSWORD"))
        {
            name, output, days, keySize, passwordVariable, force,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async ct =>
        {
            var password = VerifyCommand.ReadPassword(context, parse.GetValue(passwordVariable));
            var caName = parse.GetValue(name)!;
            var folder = parse.GetValue(output)!;

            // Checked before the key is generated: replacing a CA orphans every certificate it issued.
            CertificateFiles.EnsureWritable(CertificateFiles.PathsFor(folder, CertificateFiles.Slug(caName)), parse.GetValue(force));
            using var ca = CertificateAuthority.CreateRoot(caName, context.TimeProvider, new CertificateSpec
            {
                KeySize = parse.GetValue(keySize),
                NotAfterOffset = TimeSpan.FromDays(parse.GetValue(days)),
                IsCertificateAuthority = true,
            });
            var files = CertificateFiles.Write(ca.Certificate, folder, CertificateFiles.Slug(caName), password, parse.GetValue(force));
            await context.Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Created CA '{caName}', valid until {ca.Certificate.NotAfter.ToUniversalTime():yyyy-MM-dd} UTC.")).ConfigureAwait(false);
            foreach (var file in files)
            {
                await context.Console.Out.WriteLineAsync("  " + file).ConfigureAwait(false);
            }

            await context.Console.Out.WriteLineAsync("Install the .crt in 'Trusted Root Certification Authorities' on every server and client; keep the .pfx offline.").ConfigureAwait(false);
            if (password is null)
            {
                await context.Console.Error.WriteLineAsync(CertificateFiles.NoPasswordWarning("the CA's PFX")).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }
}
