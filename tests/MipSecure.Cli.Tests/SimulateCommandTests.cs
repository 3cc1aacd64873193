using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Commands;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("mipsecure-simulate");

    [Fact]
    public async Task Simulate_serves_the_servers_of_a_site_file_until_stopped()
    {
        var site = _temp.File("site.json");
        File.WriteAllText(site, """
            {
              "managementServer": { "uri": "https://mgmt.fabrikam.local/" },
              "recordingServers": [ { "name": "Dock cameras", "webServerUri": "https://dock.fabrikam.local/" } ],
              "mobileServers": [ { "name": "Mobile", "httpUri": "http://mobile.fabrikam.local/" } ]
            }
            """);
        var cli = new CliRunner(realTime: true);
        var output = new SignallingWriter(DemoCommand.ReadyLine);
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(new[] { "simulate", site }, output, stop.Token);
        await output.Seen.WaitAsync(TimeSpan.FromSeconds(60));
        stop.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Simulating 3 servers", result.Output, StringComparison.Ordinal);
        Assert.Contains("https://dock.fabrikam.local:", result.Output, StringComparison.Ordinal);
        Assert.Contains("http://mobile.fabrikam.local:", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_with_a_malformed_site_file_exits_3()
    {
        var site = _temp.File("site.json");
        File.WriteAllText(site, "{ \"managementServer\": ");

        var result = await new CliRunner(realTime: true).RunAsync("simulate", site);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("MIPSEC3052", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
