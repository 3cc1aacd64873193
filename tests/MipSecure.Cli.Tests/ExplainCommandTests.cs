using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Cli.Commands;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests;

public sealed class ExplainCommandTests
{
    private static readonly string ErrorPages = Path.Combine(RepositoryPaths.Root, "docs", "errors");
    private readonly CliRunner _cli = new();

    [Theory]
    [InlineData("MIPSEC1004")]
    [InlineData("mipsec1004")]
    [InlineData("1004")]
    public async Task Prints_the_help_page_of_the_code_exactly_as_the_docs_have_it(string code)
    {
        var result = await _cli.RunAsync("explain", code);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(ErrorPages, "MIPSEC1004.md")).Replace("\r\n", "\n", StringComparison.Ordinal), result.Output);
        Assert.StartsWith("# MIPSEC1004: Certificate expired\n", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task A_mistyped_code_is_one_coded_line_naming_the_nearest_code_and_exits_2()
    {
        var result = await _cli.RunAsync("explain", "MIPSC1004");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal(
            "MIPSEC5016: 'MIPSC1004' is not a MipSecure code; did you mean MIPSEC1004? Codes are MIPSEC and four digits, as printed beside each finding.\n",
            result.Error.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_code_far_from_every_known_one_names_none()
    {
        var result = await _cli.RunAsync("explain", "hello world");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Single(result.Error.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("did you mean", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tool_carries_a_page_for_every_code_and_every_page_of_the_docs()
    {
        var shipped = ExplainCommand.PageIds();
        var documented = Directory.EnumerateFiles(ErrorPages, "MIPSEC*.md").Select(path => Path.GetFileNameWithoutExtension(path)!).OrderBy(id => id, StringComparer.Ordinal).ToList();

        Assert.Equal<string>(documented, shipped);
        Assert.All(MipSecCodes.All, code => Assert.Contains(code.Id, shipped));
    }
}
