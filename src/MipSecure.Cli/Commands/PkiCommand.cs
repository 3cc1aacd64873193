using System.CommandLine;

namespace MipSecure.Cli.Commands;

/// <summary><c>mipsecure pki create-ca | issue</c>: certificates that meet XProtect's requirements and that Server Configurator accepts.</summary>
internal static class PkiCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("pki", "Create a CA and issue XProtect server certificates (SANs, serverAuth, RSA 2048+), as PFX, PEM and CER.");
        command.Subcommands.Add(PkiCreateCaCommand.Create(context));
        command.Subcommands.Add(PkiIssueCommand.Create(context));
        return command;
    }
}
