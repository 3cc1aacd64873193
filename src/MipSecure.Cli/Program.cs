using System;
using MipSecure.Cli;

return await MipSecureCommandLine.RunAsync(args, new CliContext(CliConsole.FromProcess(), TimeProvider.System)).ConfigureAwait(false);
