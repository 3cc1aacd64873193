using System;
using System.Collections.Generic;
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
            writer.WriteLine(Heading(result));
            foreach (var finding in result.OwnFindings)
            {
                var location = result.LocationOf(finding);
                var where = location is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"{location.FilePath}({location.Line},{location.Column}): ");
                writer.WriteLine($"  {where}{finding.Code.Id} {JsonReportWriter.Spell(finding.Severity)}: {finding.Message}");
                writer.WriteLine($"    fix: {finding.Remedy}");
                writer.WriteLine($"    see: {finding.HelpLink}");
                var consequences = report.ConsequencesOf(finding);
                if (consequences.Count > 0)
                {
                    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    consequences ({consequences.Count}):"));
                    foreach (var consequence in consequences)
                    {
                        writer.WriteLine("      " + ConsequenceLine(consequence));
                    }
                }
            }

            var elsewhere = FollowsFrom(result);
            if (elsewhere is not null)
            {
                writer.WriteLine("  " + elsewhere);
            }
        }

        writer.WriteLine(Summary(report));
    }

    /// <summary>One short line for a consequence: who, the code, and what breaks (the code's title; the message when no server is concerned).</summary>
    public static string ConsequenceLine(Consequence consequence)
    {
        var finding = consequence.Finding;
        var who = consequence.Target.IsSite ? null : consequence.Target.Server ?? consequence.Target.Target;
        return who is null ? $"{finding.Code.Id} {finding.Message}" : $"{who}: {finding.Code.Id} {finding.Code.Title}";
    }

    /// <summary>The line that sends a reader from a target to the causes of its findings written elsewhere; <see langword="null"/> when there are none.</summary>
    public static string? FollowsFrom(TargetResult result)
    {
        var consequences = result.Findings.Where(f => result.CauseOf(f) is { } cause && !result.Findings.Contains(cause, ReferenceEqualityComparer.Instance)).ToList();
        if (consequences.Count == 0)
        {
            return null;
        }

        var causes = string.Join(", ", consequences.Select(f => result.CauseOf(f)!.Code.Id).Distinct(StringComparer.Ordinal));
        var codes = string.Join(", ", consequences.Select(f => f.Code.Id).Distinct(StringComparer.Ordinal));
        return $"{codes}: follow{(consequences.Count == 1 ? "s" : string.Empty)} from {causes} above";
    }

    public static string Summary(CommandReport report)
    {
        var findings = report.Results.SelectMany(r => r.Findings).ToList();
        var errors = findings.Count(f => f.Severity == FindingSeverity.Error);
        var warnings = findings.Count(f => f.Severity == FindingSeverity.Warning);
        var targets = report.Results.Where(r => !r.IsSite).ToList();
        var trusted = targets.Count(r => r.Trusted == true);
        var untrusted = targets.Count(r => r.Trusted == false);
        var notCheckedCount = targets.Count - trusted - untrusted;
        var notChecked = notCheckedCount == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", {notCheckedCount} not checked");
        var causes = report.CauseCount;
        var grouped = causes == 0
            ? string.Empty
            : string.Create(CultureInfo.InvariantCulture, $" ({causes} cause{Plural(causes)}, {report.ConsequenceCount} consequence{Plural(report.ConsequenceCount)})");
        return string.Create(CultureInfo.InvariantCulture,
            $"{targets.Count} target(s): {trusted} trusted, {untrusted} not trusted{notChecked}; {errors} error(s){grouped}, {warnings} warning(s).");
    }

    /// <summary>yes, no, or "not checked" when no certificate was checked against trusted CA certificates (plaintext, unreachable, no CA readable).</summary>
    public static string Spell(bool? trusted) => trusted switch
    {
        true => "yes",
        false => "no",
        null => "not checked",
    };

    // A server: its name, encryption and trust verdict; the site row: its name only (it has neither).
    private static string Heading(TargetResult result)
    {
        if (result.IsSite)
        {
            return result.DisplayName;
        }

        var encryption = result.Encryption == EncryptionState.NotApplicable ? string.Empty : $"  encryption: {JsonReportWriter.Spell(result.Encryption)}";
        return $"{result.DisplayName}{encryption}  trusted: {Spell(result.Trusted)}";
    }

    private static string Plural(int count) => count == 1 ? string.Empty : "s";

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
            var lines = result.OwnFindings.Select(f =>
                $"[{Color(f.Severity)}]{f.Code.Id}[/] {Markup.Escape(f.Message)}\n  [grey]fix:[/] {Markup.Escape(f.Remedy)}\n  [grey]see:[/] {Markup.Escape(f.HelpLink)}"
                + string.Concat(report.ConsequencesOf(f).Select(c => "\n    " + Markup.Escape(ConsequenceLine(c)))))
                .ToList();
            if (FollowsFrom(result) is { } elsewhere)
            {
                lines.Add("[grey]" + Markup.Escape(elsewhere) + "[/]");
            }

            var findings = lines.Count == 0 ? "[green]none[/]" : string.Join("\n", lines);
            table.AddRow(
                new Markup(Markup.Escape(result.DisplayName)),
                new Markup(result.IsSite || result.Encryption == EncryptionState.NotApplicable ? "n/a" : JsonReportWriter.Spell(result.Encryption)),
                new Markup(result.IsSite ? "n/a" : result.Trusted switch { true => "[green]yes[/]", false => "[red]no[/]", null => "[grey]not checked[/]" }),
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
