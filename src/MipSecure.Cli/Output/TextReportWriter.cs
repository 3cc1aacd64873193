using System.Globalization;
using System.IO;
using System.Linq;
using MipSecure.Trust.Diagnostics;
using Spectre.Console;

namespace MipSecure.Cli.Output;

/// <summary>Writes a report for people: a Spectre.Console table on a terminal, plain aligned text when redirected.</summary>
internal static class TextReportWriter
{
    public static void Write(CommandReport report, CliConsole console)
    {
        if (console.IsTerminal)
        {
            WriteRich(report, console);
        }
        else
        {
            WritePlain(report, console.Out);
        }
    }

    public static void WritePlain(CommandReport report, TextWriter writer)
    {
        foreach (var result in report.Results)
        {
            writer.WriteLine($"{result.Target}  encryption: {JsonReportWriter.Spell(result.Encryption)}  trusted: {(result.Trusted ? "yes" : "no")}");
            foreach (var finding in result.Findings)
            {
                writer.WriteLine($"  {finding.Code.Id} {JsonReportWriter.Spell(finding.Severity)}: {finding.Message}");
                writer.WriteLine($"    fix: {finding.Remedy}");
                writer.WriteLine($"    see: {finding.HelpLink}");
            }
        }

        writer.WriteLine(Summary(report));
    }

    public static string Summary(CommandReport report)
    {
        var findings = report.Results.SelectMany(r => r.Findings).ToList();
        var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        var warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
        var untrusted = report.Results.Count(r => !r.Trusted);
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Results.Count} target(s): {report.Results.Count - untrusted} trusted, {untrusted} not trusted; {errors} error(s), {warnings} warning(s).");
    }

    private static void WriteRich(CommandReport report, CliConsole console)
    {
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = console.UseColor ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = console.UseColor ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.AddColumn("Target");
        table.AddColumn("Encryption");
        table.AddColumn("Trusted");
        table.AddColumn("Findings");
        foreach (var result in report.Results)
        {
            var findings = result.Findings.Count == 0
                ? "[green]none[/]"
                : string.Join("\n", result.Findings.Select(f =>
                    $"[{Color(f.Severity)}]{f.Code.Id}[/] {Markup.Escape(f.Message)}\n  [grey]fix:[/] {Markup.Escape(f.Remedy)}"));
            table.AddRow(
                new Markup(Markup.Escape(result.Target)),
                new Markup(JsonReportWriter.Spell(result.Encryption)),
                new Markup(result.Trusted ? "[green]yes[/]" : "[red]no[/]"),
                new Markup(findings));
        }

        ansi.Write(table);
        ansi.WriteLine(Summary(report));
    }

    private static string Color(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "red",
        FindingSeverity.Warning => "yellow",
        _ => "blue",
    };
}
