using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Demo;

/// <summary>
/// Where <c>demo</c> and <c>simulate</c> run the simulated site, which is built on ASP.NET Core (Kestrel).
/// </summary>
/// <remarks>
/// <para>
/// The framework-dependent tool lists only Microsoft.NETCore.App in its runtime config, so <c>verify</c>, <c>check</c>,
/// <c>probe</c>, <c>audit</c>, <c>pki</c>, <c>explain</c> and <c>watch</c> run where only the .NET runtime is installed. The
/// simulator's commands then run the same command line again in a child process on <c>MipSecure.Cli.simulator.runtimeconfig.json</c>,
/// the tool's runtime config plus Microsoft.AspNetCore.App, which the build writes beside the tool.
/// </para>
/// <para>
/// Why a child process and not ASP.NET Core's assemblies loaded into this one (an <c>AssemblyLoadContext.Default.Resolving</c>
/// handler): the tool carries Microsoft.Extensions.* 8.0 beside it, which the default context loads from its trusted list,
/// while ASP.NET Core 10 asks for Microsoft.Extensions.* 10.0. The default context cannot replace an assembly of its trusted
/// list, so Kestrel fails to load (FileLoadException 0x80131040). Only the host, given both frameworks at start-up, picks
/// the framework's newer Microsoft.Extensions.* over the tool's, for whichever ASP.NET Core major the machine has.
/// </para>
/// <para>
/// A RID-specific build (the Native AOT packages) compiles ASP.NET Core in and runs the site in its own process. Nothing here
/// names a simulator or ASP.NET Core type, so the JIT loads none of them before the decision is made.
/// </para>
/// </remarks>
internal static class SimulatorHost
{
    /// <summary>The runtime config the child process runs on; the build writes it beside the tool's own.</summary>
    public const string RuntimeConfigFileName = "MipSecure.Cli.simulator.runtimeconfig.json";

    /// <summary>Set in the child's environment, so that a child that cannot find ASP.NET Core reports it instead of starting another child.</summary>
    internal const string ChildVariable = "MIPSECURE_SIMULATOR_CHILD";

    private const string AspNetCoreFramework = "Microsoft.AspNetCore.App";

    // Signal numbers for kill(2); the same on Linux and macOS.
    private const int SignalInterrupt = 2;
    private const int SignalQuit = 3;
    private const int SignalTerminate = 15;

    /// <summary>
    /// Runs <paramref name="runSite"/> here when ASP.NET Core is part of this process; otherwise runs this command line again
    /// in a child process that has it, and returns the child's exit code.
    /// </summary>
    /// <exception cref="MipSecureException">MIPSEC5017: the ASP.NET Core runtime the site needs is not installed.</exception>
    public static Task<int> RunAsync(Func<CancellationToken, Task<int>> runSite, CancellationToken cancellationToken)
    {
        if (AspNetCoreIsInProcess())
        {
            return runSite(cancellationToken);
        }

        var runtime = FindAspNetCoreRuntime(DotnetRoot(), Environment.Version.Major, Environment.GetEnvironmentVariable(ChildVariable) == "1");
        return RunChildAsync(runtime, Environment.GetCommandLineArgs().Skip(1).ToArray());
    }

    /// <summary>
    /// Whether ASP.NET Core's assemblies are in this process: compiled in (Native AOT has no trusted-assembly list), or listed by
    /// the host because the runtime config names Microsoft.AspNetCore.App (the child, a test host).
    /// </summary>
    internal static bool AspNetCoreIsInProcess() =>
        AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is not string assemblies
        || assemblies.Split(Path.PathSeparator).Any(path => string.Equals(Path.GetFileName(path), "Microsoft.AspNetCore.Server.Kestrel.Core.dll", StringComparison.OrdinalIgnoreCase));

    /// <summary>The dotnet root this process runs from: three folders above the runtime (shared/Microsoft.NETCore.App/VERSION/).</summary>
    internal static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));

    /// <summary>The dotnet host and the ASP.NET Core runtime folder of <paramref name="major"/> under <paramref name="dotnetRoot"/>.</summary>
    /// <exception cref="MipSecureException">MIPSEC5017: none is installed there, or this is already the child.</exception>
    internal static AspNetCoreRuntime FindAspNetCoreRuntime(string dotnetRoot, int major, bool isChild)
    {
        var frameworks = Path.Combine(dotnetRoot, "shared", AspNetCoreFramework);
        var version = Directory.Exists(frameworks)
            ? Directory.EnumerateDirectories(frameworks)
                .Select(Path.GetFileName)
                .Select(name => Version.TryParse(name?.Split('-')[0], out var parsed) ? parsed : null)
                .Where(parsed => parsed is not null && parsed.Major == major)
                .Max()
            : null;
        var host = Path.Combine(dotnetRoot, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        if (version is null || !File.Exists(host) || isChild)
        {
            throw new MipSecureException(
                MipSecCodes.AspNetCoreRuntimeMissing,
                $"the simulated site needs the ASP.NET Core runtime {major} ({AspNetCoreFramework} {major}.x), and {dotnetRoot} has none; only 'demo' and 'simulate' need it.",
                $"Install the ASP.NET Core runtime {major} beside the .NET runtime, or use the native mipsecure tool (linux-x64, linux-arm64, win-x64, osx-arm64), which has it built in.");
        }

        return new AspNetCoreRuntime(host, version.ToString());
    }

    private static async Task<int> RunChildAsync(AspNetCoreRuntime runtime, string[] arguments)
    {
        var folder = AppContext.BaseDirectory;
        var start = new ProcessStartInfo(runtime.Host) { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "exec",
            "--runtimeconfig", Path.Combine(folder, RuntimeConfigFileName),
            "--depsfile", Path.Combine(folder, "MipSecure.Cli.deps.json"),
            Path.Combine(folder, "MipSecure.Cli.dll"),
        }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[ChildVariable] = "1";

        // The child shares this console: its output and exit code are the command's. On Windows Ctrl+C reaches every process
        // of the console; elsewhere a signal sent to this process alone (kill, a service manager) is passed on.
        using var child = Process.Start(start)!;
        using var interrupt = Forward(PosixSignal.SIGINT, SignalInterrupt, child);
        using var quit = Forward(PosixSignal.SIGQUIT, SignalQuit, child);
        using var terminate = Forward(PosixSignal.SIGTERM, SignalTerminate, child);

        // The command's own token is cancelled by the same signals; the child decides when it has stopped.
        await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        return child.ExitCode;
    }

    private static PosixSignalRegistration? Forward(PosixSignal signal, int number, Process child)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        return PosixSignalRegistration.Create(signal, context =>
        {
            context.Cancel = true;
            _ = NativeMethods.Kill(child.Id, number);
        });
    }

    /// <summary>The dotnet host to start and the ASP.NET Core runtime version found beside it.</summary>
    internal sealed record AspNetCoreRuntime(string Host, string Version);

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "kill")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Kill(int processId, int signal);
    }
}
