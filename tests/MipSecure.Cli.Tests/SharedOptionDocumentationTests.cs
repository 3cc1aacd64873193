using System;
using System.Globalization;
using System.IO;
using System.Linq;
using MipSecure.Cli.Commands;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>The defaults of the options probe, watch and audit share are defined once (CommonOptions) and documented as such.</summary>
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
    public void Every_command_takes_the_shared_limits(string commandLine)
    {
        var root = MipSecureCommandLine.Create(new CliContext(new CliConsole(TextWriter.Null, TextWriter.Null, false, false), TimeProvider.System));
        var parsed = root.Parse(commandLine.Split(' ').Concat(new[] { "--concurrency", (CommonOptions.MaxConcurrency + 1).ToString(CultureInfo.InvariantCulture), "--timeout", (CommonOptions.MaxTimeoutSeconds + 1).ToString(CultureInfo.InvariantCulture) }).ToArray());

        Assert.Contains(parsed.Errors, e => e.Message.Contains("--concurrency must be between 1 and " + CommonOptions.MaxConcurrency.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.Contains(parsed.Errors, e => e.Message.Contains("--timeout must be more than 0 and at most " + CommonOptions.MaxTimeoutSeconds.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }
}
