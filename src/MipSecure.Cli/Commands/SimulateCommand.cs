using System.CommandLine;
using System.Threading.Tasks;
using MipSecure.Cli.Demo;
using MipSecure.Testing.Simulation;
using MipSecure.Trust.Configuration;

namespace MipSecure.Cli.Commands;

/// <summary><c>mipsecure simulate [site.json]</c>: serve a simulated site until stopped.</summary>
internal static class SimulateCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string?>("site.json")
        {
            Description = "A mipsecure.json whose servers to simulate. Without it, the demo site is served.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("simulate", CommonOptions.WithExample("Serve a simulated XProtect site with real TLS on 127.0.0.1 until Ctrl+C, for testing integrations.", "mipsecure simulate mipsecure.json"))
        {
            file,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async ct =>
        {
            var path = parse.GetValue(file);
            SimulatedSite site;
            if (path is null)
            {
                site = await DemoSite.StartAsync(ct).ConfigureAwait(false);
            }
            else
            {
                var loaded = SiteConfigurationLoader.Load(path);
                if (loaded.HasErrors || loaded.Configuration is null)
                {
                    foreach (var finding in loaded.Findings)
                    {
                        await context.Console.Error.WriteLineAsync(finding.ToString()).ConfigureAwait(false);
                    }

                    return ExitCodes.UnreadableInput;
                }

                site = await ConfiguredSite.StartAsync(loaded.Configuration, ct).ConfigureAwait(false);
            }

            await using (site.ConfigureAwait(false))
            {
                await context.Console.Out.WriteLineAsync($"Simulating {site.Servers.Count} servers{(path is null ? " (the demo site)" : " from " + path)}.").ConfigureAwait(false);
                var caFile = await DemoCommand.WriteConnectionHelpAsync(site, context.Console.Out).ConfigureAwait(false);
                return await DemoCommand.ServeUntilCancelledAsync(caFile, ct).ConfigureAwait(false);
            }
        }, cancellationToken));
        return command;
    }
}
