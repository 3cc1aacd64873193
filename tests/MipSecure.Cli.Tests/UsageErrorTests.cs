using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>
/// Every option of every command (found by walking the command tree, so a command added later is covered) is given a bad
/// value, no value and a value twice: each is one line on stderr, exit 2, and nothing of .NET shows through.
/// </summary>
public sealed class UsageErrorTests
{
    private readonly CliRunner _cli = new();

    public static TheoryData<string[]> MisusedOptions()
    {
        var data = new TheoryData<string[]>();
        var root = CreateRoot();
        foreach (var command in CommandLineConventions.SelfAndDescendants(root).Where(c => c.Action is not null))
        {
            var path = CommandLineConventions.PathOf(command, root).Split(' ').Skip(1).ToArray();
            foreach (var option in command.Options.Where(o => !o.Hidden && o.ValueType != typeof(bool)))
            {
                var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
                if (type != typeof(string) && type != typeof(string[]))
                {
                    data.Add(path.Concat(new[] { option.Name, "not-a-value" }).ToArray());
                }

                data.Add(path.Concat(new[] { option.Name }).ToArray());
                if (option.Arity.MaximumNumberOfValues == 1)
                {
                    var good = GoodValue(type);
                    data.Add(path.Concat(new[] { option.Name, good, option.Name, good }).ToArray());
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MisusedOptions))]
    public async Task A_misused_option_is_one_line_and_exit_2(string[] args)
    {
        var result = await _cli.RunAsync(args);

        Assert.True(result.ExitCode == 2, string.Join(" ", args) + "\n" + result);
        AssertOneCleanLine(result, args);
    }

    [Fact]
    public async Task Bad_numbers_name_the_option_in_plain_words()
    {
        var result = await _cli.RunAsync("check", "--expiry-warning-days", "x");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --expiry-warning-days: 'x' is not a whole number. See 'mipsecure check --help'.", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("vrify", "'vrify' is not a command of 'mipsecure'. Did you mean 'verify'?")]
    [InlineData("pki isue", "'isue' is not a command of 'mipsecure pki'. Did you mean 'issue'?")]
    [InlineData("probe --timout 3 https://rec1.contoso.local/", "'--timout' is not an option of 'mipsecure probe'. Did you mean '--timeout'?")]
    [InlineData("pki", "'mipsecure pki' needs a command: create-ca, issue.")]
    public async Task An_unknown_command_or_option_says_so_and_suggests_the_nearest(string commandLine, string expected)
    {
        var args = commandLine.Split(' ');

        var result = await _cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Required command was not provided", result.Error, StringComparison.Ordinal);
        AssertOneCleanLine(result, args);
    }

    public static TheoryData<string[]> CommandsWithAction()
    {
        var data = new TheoryData<string[]>();
        var root = CreateRoot();
        foreach (var command in CommandLineConventions.SelfAndDescendants(root).Where(c => c.Action is not null))
        {
            data.Add(CommandLineConventions.PathOf(command, root).Split(' ').Skip(1).ToArray());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CommandsWithAction))]
    public async Task Help_names_the_tool_mipsecure_and_shows_an_example(string[] path)
    {
        var result = await _cli.RunAsync(path.Append("--help").ToArray());

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("mipsecure " + string.Join(" ", path), result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MipSecure.Cli", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("testhost", result.Output, StringComparison.Ordinal);
        Assert.Contains("Example:", result.Output, StringComparison.Ordinal);
    }

    private static void AssertOneCleanLine(CliResult result, string[] args)
    {
        var lines = result.Error.TrimEnd().Split('\n');
        Assert.True(lines.Length == 1, string.Join(" ", args) + "\n" + result);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("System.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("MipSecure.", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    private static string GoodValue(Type type) => type switch
    {
        _ when type == typeof(int) || type == typeof(long) => "3000",
        _ when type == typeof(double) => "5",
        _ when type == typeof(DateTimeOffset) => "2027-01-31T00:00:00Z",
        _ when type == typeof(TimeSpan) => "00:05:00",
        _ when type.IsEnum => Enum.GetNames(type)[0],
        _ => "value",
    };

    private static RootCommand CreateRoot() =>
        MipSecureCommandLine.Create(new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, false, false), TimeProvider.System));
}
