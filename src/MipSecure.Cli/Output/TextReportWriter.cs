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
            var encryption = result.Encryption == EncryptionState.NotApplicable ? string.Empty : $"  encryption: {JsonReportWriter.Spell(result.Encryption)}";
            writer.WriteLine($"{result.DisplayName}{encryption}  trusted: {Spell(result.Trusted)}");
            foreach (var finding in result.Findings)
            {
                var location = result.LocationOf(finding);
                var where = location is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"{location.FilePath}({location.Line},{location.Column}): ");
                writer.WriteLine($"  {where}{finding.Code.Id} {JsonReportWriter.Spell(finding.Severity)}: {finding.Message}");
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
        var trusted = report.Results.Count(r => r.Trusted == true);
        var untrusted = report.Results.Count(r => r.Trusted == false);
        var notCheckedCount = report.Results.Count - trusted - untrusted;
        var notChecked = notCheckedCount == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {notCheckedCount} without a certificate to check");
        return string.Create(CultureInfo.InvariantCulture,
            $"{report.Results.Count} target(s): {trusted} trusted, {untrusted} not trusted{notChecked}; {errors} error(s), {warnings} warning(s).");
    }

    /// <summary>yes, no, or n/a when no certificate was checked (a plaintext or unreachable server).</summary>
    public static string Spell(bool? trusted) => trusted switch
    {
        true => "yes",
        false => "no",
        null => "n/a",
    };

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
                    $"[{Color(f.Severity)}]{f.Code.Id}[/] {Markup.Escape(f.Message)}\n  [grey]fix:[/] {Markup.Escape(f.Remedy)}\n  [grey]see:[/] {Markup.Escape(f.HelpLink)}"));
            table.AddRow(
                new Markup(Markup.Escape(result.DisplayName)),
                new Markup(result.Encryption == EncryptionState.NotApplicable ? "n/a" : JsonReportWriter.Spell(result.Encryption)),
                new Markup(result.Trusted switch { true => "[green]yes[/]", false => "[red]no[/]", null => "[grey]n/a[/]" }),
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
