using System;
using System.CommandLine;
using System.Linq;
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
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(CheckCommand.Create(context));
        root.Subcommands.Add(ProbeCommand.Create(context));
        root.Subcommands.Add(PkiCommand.Create(context));
        root.Subcommands.Add(SimulateCommand.Create(context));
        root.Subcommands.Add(WatchCommand.Create(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var root = Create(context);
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var error in parseResult.Errors)
            {
                await context.Console.Error.WriteLineAsync("error: " + error.Message).ConfigureAwait(false);
            }

            var commandPath = string.Join(" ", parseResult.CommandResult.Command.Name == root.Name
                ? new[] { "mipsecure" }
                : new[] { "mipsecure" }.Concat(args.TakeWhile(a => !a.StartsWith('-')).Take(2)));
            await context.Console.Error.WriteLineAsync($"Run '{commandPath} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = context.Console.Out,
            Error = context.Console.Error,
        };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
