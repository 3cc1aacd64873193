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

    /// <summary>
    /// Reads a secret (a password) from the environment variable a <c>--password-variable</c>-style option names: the one
    /// reader of every command. A variable that is not set or is empty is MIPSEC3007 (exit 3), never an empty password.
    /// </summary>
    /// <param name="option">The option that named the variable, for example <c>--password-variable</c>.</param>
    /// <param name="variable">The variable's name.</param>
    /// <param name="secret">What the variable should hold, for example "the PFX password".</param>
    public string ReadSecret(string option, string variable, string secret)
    {
        var value = Environment(variable);
        if (string.IsNullOrEmpty(value))
        {
            throw new MipSecureException(
                MipSecCodes.PasswordVariableMissing,
                $"{option} {variable}: the environment variable is not set or empty, so {secret} cannot be read.",
                $"Set {variable} to {secret} in the environment of this command (never on the command line), and run again.");
        }

        return value;
    }

    public static IReadOnlyList<string> Values(IReadOnlyList<string>? values) => values ?? Array.Empty<string>();
}
