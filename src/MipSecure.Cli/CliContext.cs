using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli;

/// <summary>What every command needs from outside: the console, the clock and the environment. Tests supply their own.</summary>
internal sealed class CliContext
{
    public CliContext(CliConsole console, TimeProvider timeProvider, Func<string, string?>? environment = null)
    {
        Console = console;
        TimeProvider = timeProvider;
        Environment = environment ?? System.Environment.GetEnvironmentVariable;
    }

    public CliConsole Console { get; }

    public TimeProvider TimeProvider { get; }

    public Func<string, string?> Environment { get; }

    /// <summary>Runs a command body and turns MipSecure's coded exceptions into the contract's exit codes.</summary>
    public async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (MipSecureException ex)
        {
            // One line: code, what and where, the fix, and the page that explains it.
            await Console.Error.WriteLineAsync($"{ex.Message} see: {ex.Code.HelpLink}").ConfigureAwait(false);
            return ExitCodes.Of(ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("Cancelled.").ConfigureAwait(false);
            return ExitCodes.ErrorFinding;
        }
    }

    public static IReadOnlyList<string> Values(IReadOnlyList<string>? values) => values ?? Array.Empty<string>();
}
