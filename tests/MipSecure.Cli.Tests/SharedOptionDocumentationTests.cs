using System;
using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.IO;
using System.Linq;
using MipSecure.Cli.Commands;
using MipSecure.Options;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>
/// The options probe, watch and audit share: their ranges are the library's probe limits (<see cref="ProbeLimits"/>), their
/// defaults are defined once (CommonOptions), and the docs state both.
/// </summary>
public sealed class SharedOptionDocumentationTests
{
    [Fact]
    public void Watch_documents_the_shared_timeout_and_concurrency_defaults()
    {
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "monitoring.md"));

        var row = string.Create(CultureInfo.InvariantCulture, $"| —, —, {CommonOptions.DefaultTimeoutSeconds}, {CommonOptions.DefaultConcurrency} | as for `probe` and `audit` |");
        Assert.Contains(row, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("probe https://rec1.contoso.local:7563/")]
    [InlineData("audit https://mgmt.contoso.local/ --windows")]
    [InlineData("watch --config mipsecure.json")]
    public void Every_command_takes_the_library_probe_limits(string commandLine)
    {
        Assert.Empty(Parse(commandLine, ProbeLimits.MaxConcurrency, ProbeLimits.MaxTimeout.TotalSeconds).Errors);
        Assert.Empty(Parse(commandLine, ProbeLimits.MinConcurrency, ProbeLimits.MinTimeout.TotalSeconds).Errors);

        var above = Parse(commandLine, ProbeLimits.MaxConcurrency + 1, ProbeLimits.MaxTimeout.TotalSeconds + 1);
        var below = Parse(commandLine, ProbeLimits.MinConcurrency - 1, ProbeLimits.MinTimeout.TotalSeconds / 2);

        foreach (var parsed in new[] { above, below })
        {
            Assert.Contains(parsed.Errors, e => e.Message.Contains(Text($"--concurrency must be between {ProbeLimits.MinConcurrency} and {ProbeLimits.MaxConcurrency}."), StringComparison.Ordinal));
            Assert.Contains(parsed.Errors, e => e.Message.Contains(Text($"--timeout must be between {ProbeLimits.MinTimeout.TotalSeconds} and {ProbeLimits.MaxTimeout.TotalSeconds} seconds."), StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("README.md", "`--timeout S` (seconds per server, {minSeconds} to {maxSeconds}, default {defaultSeconds}) and `--concurrency N` (servers probed at once, {minConcurrency} to {maxConcurrency}, default {cliConcurrency})")]
    [InlineData("docs/client.md", "| `Probe:Timeout` / `Probe:MaxConcurrency` | {defaultTimeout} / {defaultConcurrency} | per-target limit ({minTimeout} to {maxTimeout}) and parallelism ({minConcurrency} to {maxConcurrency}) |")]
    public void A_page_states_the_defined_probe_limits(string page, string statement)
    {
        var expected = statement
            .Replace("{minSeconds}", Text($"{ProbeLimits.MinTimeout.TotalSeconds}"), StringComparison.Ordinal)
            .Replace("{maxSeconds}", Text($"{ProbeLimits.MaxTimeout.TotalSeconds}"), StringComparison.Ordinal)
            .Replace("{defaultSeconds}", Text($"{CommonOptions.DefaultTimeoutSeconds}"), StringComparison.Ordinal)
            .Replace("{cliConcurrency}", Text($"{CommonOptions.DefaultConcurrency}"), StringComparison.Ordinal)
            .Replace("{minTimeout}", ProbeLimits.MinTimeoutText, StringComparison.Ordinal)
            .Replace("{maxTimeout}", ProbeLimits.MaxTimeoutText, StringComparison.Ordinal)
            .Replace("{defaultTimeout}", ProbeLimits.DefaultTimeout.ToString("c", CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{defaultConcurrency}", Text($"{ProbeLimits.DefaultConcurrency}"), StringComparison.Ordinal)
            .Replace("{minConcurrency}", Text($"{ProbeLimits.MinConcurrency}"), StringComparison.Ordinal)
            .Replace("{maxConcurrency}", Text($"{ProbeLimits.MaxConcurrency}"), StringComparison.Ordinal);

        // Pages wrap lines; a statement may span two of them.
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, page)).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ');

        Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{page} does not say: {expected}");
    }

    [Fact]
    public void The_library_validates_the_same_limits()
    {
        var settings = new ProbeSettings();
        Assert.Equal(ProbeLimits.DefaultTimeout, settings.Timeout);
        Assert.Equal(ProbeLimits.DefaultConcurrency, settings.MaxConcurrency);

        Assert.True(Validates(new ProbeSettings { MaxConcurrency = ProbeLimits.MaxConcurrency, Timeout = ProbeLimits.MaxTimeout }));
        Assert.True(Validates(new ProbeSettings { MaxConcurrency = ProbeLimits.MinConcurrency, Timeout = ProbeLimits.MinTimeout }));
        Assert.False(Validates(new ProbeSettings { MaxConcurrency = ProbeLimits.MaxConcurrency + 1 }));
        Assert.False(Validates(new ProbeSettings { MaxConcurrency = ProbeLimits.MinConcurrency - 1 }));
        Assert.False(Validates(new ProbeSettings { Timeout = ProbeLimits.MaxTimeout + TimeSpan.FromMilliseconds(1) }));
        Assert.False(Validates(new ProbeSettings { Timeout = ProbeLimits.MinTimeout - TimeSpan.FromMilliseconds(1) }));
        Assert.True(ProbeLimits.IsValidTimeout(ProbeLimits.DefaultTimeout) && ProbeLimits.IsValidConcurrency(CommonOptions.DefaultConcurrency));
    }

    private static bool Validates(ProbeSettings settings) =>
        Validator.TryValidateObject(settings, new ValidationContext(settings), null, validateAllProperties: true);

    private static ParseResult Parse(string commandLine, int concurrency, double timeoutSeconds)
    {
        var root = MipSecureCommandLine.Create(new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, false, false), TimeProvider.System));
        return root.Parse(commandLine.Split(' ').Concat(new[] { "--concurrency", Text($"{concurrency}"), "--timeout", Text($"{timeoutSeconds}") }).ToArray());
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
