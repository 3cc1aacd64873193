using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using MipSecure.Cli.Commands;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli;

/// <summary>
/// Decides where a command runs in the native packages: <c>verify</c> in this small executable, everything else (help, the
/// version, unknown commands included, so their messages stay the full tool's) in the full tool, which replaces this process
/// on Unix and runs as its child on Windows.
/// </summary>
internal static partial class ToolLauncher
{
    /// <summary>The full tool's executable name, without extension, as the native package lays it out beside this one.</summary>
    public const string FullToolName = "MipSecure.Cli";

    /// <summary>Whether the command line is one this executable runs itself.</summary>
    public static bool RunsHere(string[] args) => args.Length > 0 && string.Equals(args[0], "verify", StringComparison.Ordinal);

    /// <summary>The command tree of this executable: <c>verify</c> alone, exactly as the full tool defines it.</summary>
    public static RootCommand CommandsRunHere(CliContext context)
    {
        var root = new RootCommand("mipsecure: TLS trust for Milestone XProtect integrations.");
        root.Subcommands.Add(VerifyCommand.Create(context));
        return root;
    }

    /// <summary>Runs the full tool with the same arguments and returns its exit code, or reports why it could not.</summary>
    public static int HandOver(string[] args)
    {
        var fullTool = Path.Combine(AppContext.BaseDirectory, FullToolName + (OperatingSystem.IsWindows() ? ".exe" : string.Empty));
        if (!File.Exists(fullTool))
        {
            return Incomplete(fullTool, "is missing");
        }

        if (OperatingSystem.IsWindows())
        {
            return RunAsChild(fullTool, args);
        }

        // execv replaces this process: the full tool keeps its process id, standard streams and signals (Ctrl+C, a service
        // manager's SIGTERM for 'watch'), and its exit code is the tool's. It returns only when it could not start the file.
        Execute(fullTool, args);
        return Incomplete(fullTool, $"could not be started (error {Marshal.GetLastPInvokeError()})");
    }

    private static int RunAsChild(string fullTool, string[] args)
    {
        var start = new ProcessStartInfo(fullTool) { UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Ctrl+C reaches both processes through the console; the child decides what it means, this one waits for it.
        Console.CancelKeyPress += static (_, e) => e.Cancel = true;
        using var child = Process.Start(start);
        if (child is null)
        {
            return Incomplete(fullTool, "could not be started");
        }

        child.WaitForExit();
        return child.ExitCode;
    }

    private static void Execute(string fullTool, string[] args)
    {
        var argv = new IntPtr[args.Length + 2];
        try
        {
            argv[0] = Marshal.StringToCoTaskMemUTF8(fullTool);
            for (var i = 0; i < args.Length; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(args[i]);
            }

            _ = ExecuteFile(fullTool, argv);
        }
        finally
        {
            foreach (var pointer in argv)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private static int Incomplete(string fullTool, string what)
    {
        var error = new MipSecureException(
            MipSecCodes.ToolInstallationIncomplete,
            $"mipsecure runs every command but 'verify' with the full tool, and '{fullTool}' {what}.",
            "Reinstall the tool (dotnet tool update MipSecure.Cli), or copy both executables when copying the tool folder.");
        Console.Error.WriteLine($"{error.Message} see: {error.Code.HelpLink}");
        return 1;
    }

    [LibraryImport("libc", EntryPoint = "execv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int ExecuteFile(string path, IntPtr[] argv);
}
