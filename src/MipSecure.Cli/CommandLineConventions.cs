using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Linq;
using System.Text.RegularExpressions;

namespace MipSecure.Cli;

/// <summary>
/// Rules every command follows, applied to the whole command tree so that a command added later gets them too:
/// an option that takes a value needs one, a validator never runs on a value that did not parse, and a usage error
/// is one line in the tool's words (no .NET type names, no stack trace).
/// </summary>
internal static partial class CommandLineConventions
{
    /// <summary>Applies the rules to <paramref name="root"/> and every command under it.</summary>
    public static void Apply(Command root)
    {
        foreach (var command in SelfAndDescendants(root))
        {
            foreach (var option in command.Options)
            {
                RequireAValue(option);
                GuardValidators(option.Validators);
            }

            foreach (var argument in command.Arguments)
            {
                GuardValidators(argument.Validators);
            }

            GuardValidators(command.Validators);
            DeferToOptions(command.Validators);
        }
    }

    public static IEnumerable<Command> SelfAndDescendants(Command command)
    {
        yield return command;
        foreach (var child in command.Subcommands.SelectMany(SelfAndDescendants))
        {
            yield return child;
        }
    }

    /// <summary>The full name of a command as a user types it, e.g. <c>mipsecure pki issue</c>.</summary>
    public static string PathOf(Command command, Command root)
    {
        var names = new List<string>();
        for (var current = command; current is not null && current != root; current = Parent(current, root))
        {
            names.Insert(0, current.Name);
        }

        names.Insert(0, "mipsecure");
        return string.Join(" ", names);
    }

    /// <summary>
    /// The one line a usage error is reported as: the most useful error (an unknown word, then a bad value the user typed,
    /// then anything missing), in the tool's words, with where to read more.
    /// </summary>
    public static string UsageLine(ParseResult parseResult, Command root)
    {
        var command = parseResult.CommandResult.Command;
        var help = $"See '{PathOf(command, root)} --help'.";
        // An argument that looks like an option ('--timout') is a mistyped option, even where a command takes free arguments.
        var unmatched = (parseResult.UnmatchedTokens.Count > 0 ? parseResult.UnmatchedTokens[0] : null)
            ?? parseResult.Tokens.FirstOrDefault(t => t.Type == TokenType.Argument && t.Value.Length > 1 && t.Value[0] == '-' && !char.IsDigit(t.Value[1]))?.Value;
        if (unmatched is not null)
        {
            return "error: " + Unrecognized(unmatched, command, root) + " " + help;
        }

        var error = parseResult.Errors
            .OrderBy(Rank)
            .First();
        if (command.Subcommands.Count > 0 && command.Action is null && error.SymbolResult is CommandResult)
        {
            return $"error: '{PathOf(command, root)}' needs a command: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}. {help}";
        }

        return "error: " + Rephrase(error) + " " + help;
    }

    // A value the user typed wrongly first, then a value left out, then what the command as a whole misses.
    private static int Rank(ParseError error) => error.SymbolResult switch
    {
        OptionResult or ArgumentResult when error.SymbolResult.Tokens.Count > 0 => 0,
        OptionResult or ArgumentResult => 1,
        _ => 2,
    };

    private static string Unrecognized(string token, Command command, Command root)
    {
        if (token.StartsWith('-'))
        {
            var names = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name)).ToList();
            var option = Nearest(token, names);
            return $"'{token}' is not an option of '{PathOf(command, root)}'." + (option is null ? string.Empty : $" Did you mean '{option}'?");
        }

        if (command.Subcommands.Count > 0)
        {
            var nearest = Nearest(token, command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList());
            return $"'{token}' is not a command of '{PathOf(command, root)}'." + (nearest is null ? string.Empty : $" Did you mean '{nearest}'?");
        }

        return $"'{token}' was not expected here.";
    }

    /// <summary>The candidate closest to <paramref name="typed"/>, when it is close enough to be a typo.</summary>
    public static string? Nearest(string typed, IReadOnlyList<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        var allowed = Math.Max(2, typed.TrimStart('-').Length / 3);
        var isPrefix = best is not null && typed.Length >= 2 && best.StartsWith(typed, StringComparison.OrdinalIgnoreCase);
        return bestDistance <= allowed || isPrefix ? best : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Rephrase(ParseError error)
    {
        var conversion = ConversionFailure().Match(error.Message);
        if (conversion.Success)
        {
            var valueType = error.SymbolResult switch
            {
                OptionResult o => o.Option.ValueType,
                ArgumentResult { Parent: OptionResult o } => o.Option.ValueType,
                ArgumentResult a => a.Argument.ValueType,
                _ => null,
            };
            var enumType = valueType is null ? null : Nullable.GetUnderlyingType(valueType) ?? valueType;
            var expected = enumType is { IsEnum: true }
                ? "one of " + string.Join(", ", Enum.GetNames(enumType).Select(n => n.ToLowerInvariant()))
                : Describe(conversion.Groups["type"].Value);
            return $"{conversion.Groups["name"].Value}: '{conversion.Groups["value"].Value}' is not {expected}.";
        }

        var missing = MissingValue().Match(error.Message);
        if (missing.Success)
        {
            return $"{missing.Groups["name"].Value} needs a value.";
        }

        // System.CommandLine lists enum values on separate lines; a usage error is one line.
        var message = Whitespace().Replace(error.Message, " ").Trim();
        if (message.Contains("System.", StringComparison.Ordinal))
        {
            var name = error.SymbolResult switch
            {
                OptionResult o => o.Option.Name,
                ArgumentResult a => a.Argument.Name,
                _ => "the command line",
            };
            return $"{name}: '{string.Join(" ", error.SymbolResult?.Tokens.Select(t => t.Value) ?? Array.Empty<string>())}' is not a valid value.";
        }

        return message;
    }

    private static string Describe(string typeName) => typeName switch
    {
        _ when typeName.Contains("Int32", StringComparison.Ordinal) || typeName.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when typeName.Contains("Double", StringComparison.Ordinal) || typeName.Contains("Decimal", StringComparison.Ordinal) => "a number",
        _ when typeName.Contains("DateTimeOffset", StringComparison.Ordinal) || typeName.Contains("DateTime", StringComparison.Ordinal) => "a UTC time such as 2027-01-31T12:00:00Z",
        _ when typeName.Contains("TimeSpan", StringComparison.Ordinal) => "a duration such as 00:05:00",
        _ when typeName.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ => "a valid value",
    };

    private static void RequireAValue(Option option)
    {
        // '--ca' with nothing after it must not be accepted and ignored; flags (bool) keep taking no value.
        if (option.ValueType != typeof(bool) && option.Arity.MinimumNumberOfValues == 0 && option.Arity.MaximumNumberOfValues > 0)
        {
            option.Arity = new ArgumentArity(1, option.Arity.MaximumNumberOfValues);
        }
    }

    private static void GuardValidators<TResult>(IList<Action<TResult>> validators)
        where TResult : SymbolResult
    {
        for (var i = 0; i < validators.Count; i++)
        {
            var validator = validators[i];
            validators[i] = result =>
            {
                try
                {
                    validator(result);
                }
                catch (InvalidOperationException)
                {
                    // A value that did not parse: the parser already reports it as a usage error; checking its range is moot.
                }
            };
        }
    }

    // A command's own checks ("give at least one URI") stop the parser from reporting option errors; so they wait until
    // every option given has a value of the right type and count, which is what the user typed wrong first.
    private static void DeferToOptions(List<Action<CommandResult>> validators)
    {
        for (var i = 0; i < validators.Count; i++)
        {
            var validator = validators[i];
            validators[i] = result =>
            {
                if (!result.Children.OfType<OptionResult>().Any(IsMalformed))
                {
                    validator(result);
                }
            };
        }
    }

    private static bool IsMalformed(OptionResult result)
    {
        if (result.Implicit)
        {
            return false;
        }

        var arity = result.Option.Arity;
        if (result.Tokens.Count < arity.MinimumNumberOfValues || result.Tokens.Count > arity.MaximumNumberOfValues)
        {
            return true;
        }

        try
        {
            _ = result.GetValueOrDefault<object?>();
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static Command? Parent(Command command, Command root) =>
        SelfAndDescendants(root).FirstOrDefault(c => c.Subcommands.Contains(command));

    [GeneratedRegex(@"^Cannot parse argument '(?<value>.*)' for (option|command|argument) '(?<name>[^']*)' as expected type '(?<type>[^']*)'", RegexOptions.Singleline)]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"^Required argument missing for option: '(?<name>[^']*)'")]
    private static partial Regex MissingValue();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
