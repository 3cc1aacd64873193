using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Commands;

namespace MipSecure.Cli;

/// <summary>Builds the <c>mipsecure</c> command tree and runs it with the contract's exit codes.</summary>
internal static class MipSecureCommandLine
{
    public static RootCommand Create(CliContext context)
    {
        var root = new RootCommand("mipsecure: TLS trust for Milestone XProtect integrations. Verify certificates, check a site's trust configuration, probe servers, issue certificates, and run a simulated site.");
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(AuditCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(ProbeCommand.Create(context));
        root.Subcommands.Add(PkiCommand.Create(context));
        root.Subcommands.Add(SimulateCommand.Create(context));
        root.Subcommands.Add(ExplainCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context));
        return root;
    }

    public static Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default) =>
        RunAsync(args, context, Create, cancellationToken);

    /// <summary>Runs a command tree built by <paramref name="create"/>: the native launcher builds one with <c>verify</c> alone.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext context, Func<CliContext, RootCommand> create, CancellationToken cancellationToken = default)
    {
        var root = create(context);
        CommandLineConventions.Apply(root);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not HelpAction)
        {
            await context.Console.Error.WriteLineAsync(CommandLineConventions.UsageLine(parseResult, root)).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parseResult.Action is HelpAction)
        {
            // Help names the tool as users type it, whatever the host process is called (MipSecure.Cli, dotnet, testhost).
            var help = new StringWriter();
            var exit = await parseResult.InvokeAsync(new InvocationConfiguration { Output = help, Error = context.Console.Error }, cancellationToken).ConfigureAwait(false);
            await context.Console.Out.WriteAsync(help.ToString().Replace(RootCommand.ExecutableName + " ", "mipsecure ", StringComparison.Ordinal)).ConfigureAwait(false);
            return exit;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Console.Out,
            Error = context.Console.Error,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
