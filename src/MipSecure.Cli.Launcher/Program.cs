using System;
using MipSecure.Cli;

// The entry point of the native packages: 'verify' runs here, every other command in the full tool beside this executable.
if (ToolLauncher.RunsHere(args))
{
    return await MipSecureCommandLine.RunAsync(args, new CliContext(CliConsole.FromProcess(), TimeProvider.System), ToolLauncher.CommandsRunHere).ConfigureAwait(false);
}

return ToolLauncher.HandOver(args);
