using System;
using System.IO;

namespace MipSecure.Cli;

/// <summary>Where the tool writes, and whether that is a terminal (rich tables and colour) or a file or pipe (plain text).</summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool isTerminal, bool useColor)
    {
        Out = output;
        Error = error;
        IsTerminal = isTerminal;
        UseColor = useColor && isTerminal;
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool IsTerminal { get; }

    public bool UseColor { get; }

    /// <summary>The process console: rich output on a terminal, plain text when redirected; colour off with NO_COLOR.</summary>
    public static CliConsole FromProcess()
    {
        var isTerminal = !Console.IsOutputRedirected;
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        return new CliConsole(Console.Out, Console.Error, isTerminal, !noColor);
    }
}
