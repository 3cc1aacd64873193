using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Commands;

/// <summary>
/// <c>mipsecure explain MIPSECnnnn</c>: prints the code's help page, which ships inside the tool, so it works offline.
/// </summary>
internal static class ExplainCommand
{
    private const string ResourcePrefix = "errors/";

    public static Command Create(CliContext context)
    {
        var code = new Argument<string>("CODE") { Description = "The code to explain, for example MIPSEC1004 (or 1004)." };
        var command = new Command("explain", CommonOptions.WithExample("Print the help page of a MIPSEC code: what it means, why XProtect cares, how to fix it. Works offline.", "mipsecure explain MIPSEC1002"))
        {
            code,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(async ct =>
        {
            var id = Normalize(parse.GetValue(code)!);
            var page = ReadPage(id);
            if (page is null)
            {
                var nearest = Nearest(id, PageIds());
                var error = MipSecCodes.UnknownCode;
                await context.Console.Error.WriteLineAsync(
                    $"{error.Id}: '{id}' is not a MipSecure code{(nearest is null ? string.Empty : $"; did you mean {nearest}?")} Codes are MIPSEC and four digits, as printed beside each finding.")
                    .ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            await context.Console.Out.WriteAsync(page.Replace("\r\n", "\n", StringComparison.Ordinal)).ConfigureAwait(false);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    /// <summary>The codes that have a page in the tool, sorted.</summary>
    internal static IReadOnlyList<string> PageIds() => typeof(ExplainCommand).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".md", StringComparison.Ordinal))
        .Select(name => name.Substring(ResourcePrefix.Length, name.Length - ResourcePrefix.Length - ".md".Length))
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToList();

    private static string Normalize(string input)
    {
        var trimmed = input.Trim().ToUpperInvariant();
        return trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit) ? "MIPSEC" + trimmed : trimmed;
    }

    private static string? ReadPage(string id)
    {
        using var stream = typeof(ExplainCommand).Assembly.GetManifestResourceStream(ResourcePrefix + id + ".md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The known code with the fewest edits from <paramref name="id"/>, when it is close enough to be a typo.</summary>
    internal static string? Nearest(string id, IReadOnlyList<string> known)
    {
        var best = known.Select(candidate => (candidate, distance: EditDistance(id, candidate)))
            .OrderBy(pair => pair.distance).ThenBy(pair => pair.candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.candidate is not null && best.distance <= 3 ? best.candidate : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
