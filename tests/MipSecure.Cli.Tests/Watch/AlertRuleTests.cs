using System.IO;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests.Watch;

/// <summary>The alerting rules users load into Prometheus: promtool accepts them, and their unit tests pass.</summary>
public sealed class AlertRuleTests
{
    private static readonly string Monitoring = Path.Combine(RepositoryPaths.Root, "monitoring");

    [Fact]
    public async Task Promtool_accepts_the_rules_file()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, Monitoring, "check", "rules", "mipsecure-rules.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS: 7 rules found", output, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_rule_unit_tests_pass_under_promtool()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, Monitoring, "test", "rules", "mipsecure-rules.test.yml");

        Assert.True(exitCode == 0, output);
        Assert.Contains("SUCCESS", output, System.StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promtool_accepts_the_example_scrape_configuration()
    {
        var (exitCode, output) = await Promtool.RunAsync(null, Monitoring, "check", "config", "prometheus.yml");

        Assert.True(exitCode == 0, output);
    }
}
