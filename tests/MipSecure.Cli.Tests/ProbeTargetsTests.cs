using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.Cli.Probing;
using MipSecure.Cli.Tests.Watch;
using MipSecure.Discovery;
using MipSecure.Testing.Simulation;
using MipSecure.TestUtilities;
using MipSecure.Trust;
using MipSecure.Trust.Configuration;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>What probe and watch dial: one builder, and the same addresses the client library dials of a site file.</summary>
public sealed class ProbeTargetsTests : IDisposable
{
    private const string Site = """
        {
          "managementServer": { "uri": "https://mgmt.contoso.local/" },
          "recordingServers": [
            { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "activeWebServerUri": "https://rec1.contoso.com:7563/" },
            { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" }
          ],
          "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "https://fo1.contoso.local:7563/" } ],
          "mobileServers": [ { "name": "Mobile 1", "httpUri": "http://mobile1.contoso.local:8081/", "httpsUri": "https://mobile1.contoso.local:8082/" } ],
          "eventServers": [ { "name": "Event server", "uri": "https://events.contoso.local:22331/" } ]
        }
        """;

    private readonly CliRunner _cli = new(realTime: true);
    private readonly TempDirectory _temp = new("mipsecure-targets");

    [Fact]
    public void Probe_and_watch_dial_the_addresses_the_client_dials_of_a_site_file()
    {
        var site = SiteConfigurationLoader.LoadText(Site, "mipsecure.json").GetConfigurationOrThrow();

        var targets = ProbeTargets.FromSite(site);
        var client = DiscoveredSite.FromSiteFile(site).AllEndpoints.ToList();

        Assert.Equal(
            new[]
            {
                "https://mgmt.contoso.local/", "https://rec1.contoso.local:7563/", "https://rec1.contoso.com:7563/", "http://rec2.contoso.local:7563/",
                "https://fo1.contoso.local:7563/", "https://mobile1.contoso.local:8082/", "https://events.contoso.local:22331/",
            },
            targets.Select(t => t.Endpoint.Uri.ToString()));
        Assert.Equal(targets.Select(t => t.Endpoint).OrderBy(e => e.Uri.ToString()), client.OrderBy(e => e.Uri.ToString()));
        Assert.All(targets, t => Assert.Same(site.Servers.Single(s => s.Name == t.Endpoint.Name), t.Server));
    }

    [Fact]
    public void The_client_dials_a_recorder_at_the_address_in_use_and_knows_all_its_addresses()
    {
        var site = SiteConfigurationLoader.LoadText(Site, "mipsecure.json").GetConfigurationOrThrow();

        var recorder = DiscoveredSite.FromSiteFile(site).RecordingServers.Single(r => r.Name == "Recorder 1");

        Assert.Equal(new Uri("https://rec1.contoso.com:7563/"), recorder.Endpoint.Uri);
        Assert.Equal(new[] { "https://rec1.contoso.com:7563/", "https://rec1.contoso.local:7563/" }, recorder.Addresses.Select(a => a.Uri.ToString()));
        Assert.Equal(new Uri("https://rec1.contoso.local:7563/"), recorder.WebServerUri);
    }

    [Fact]
    public void Uris_given_on_the_command_line_take_the_role_given_and_belong_to_no_server()
    {
        var targets = ProbeTargets.FromUris(new[] { "https://mobile.contoso.local:8082/", "http://events.contoso.local:22331/" }, ServerRole.MobileServer);

        Assert.Equal(new[] { ServerRole.MobileServer, ServerRole.MobileServer }, targets.Select(t => t.Endpoint.Role));
        Assert.Equal(new[] { 8082, 22331 }, targets.Select(t => t.Endpoint.Port));
        Assert.All(targets, t => Assert.Null(t.Server));
        Assert.Empty(ProbeTargets.FromUris(null, ServerRole.RecordingServer));
    }

    [Fact]
    public void Resolve_entries_become_address_overrides_with_and_without_a_port()
    {
        var overrides = ProbeTargets.Overrides(new[] { "rec1.contoso.local=10.0.0.5", "rec2.contoso.local=10.0.0.6:7000" });

        Assert.True(overrides.TryResolve("rec1.contoso.local", 7563, out var first));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.5"), 7563), first);
        Assert.True(overrides.TryResolve("rec2.contoso.local", 7563, out var second));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.0.0.6"), 7000), second);
        Assert.False(overrides.TryResolve("rec3.contoso.local", 7563, out _));
        Assert.Equal(0, ProbeTargets.Overrides(null).Count);
    }

    [Fact]
    public void Timeout_and_concurrency_become_the_probe_settings()
    {
        var settings = ProbeTargets.Settings(2.5, 3);

        Assert.Equal(TimeSpan.FromSeconds(2.5), settings.Timeout);
        Assert.Equal(3, settings.MaxConcurrency);
    }

    [Fact]
    public async Task Probe_config_probes_every_dialled_address_of_the_file_once()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().AddRecordingServer("Recorder 2", "rec2.contoso.local"));
        var path = WatchTestSupport.WriteSiteFile(site, _temp.Path);
        var expected = ProbeTargets.FromSite(SiteConfigurationLoader.Load(path).GetConfigurationOrThrow());
        var resolve = site.HostMap.Keys.SelectMany(host => new[] { "--resolve", host + "=127.0.0.1" });

        var result = await _cli.RunAsync(new[] { "probe", "--config", path, "--json" }.Concat(resolve).ToArray());

        Assert.True(result.ExitCode == 0, result.ToString());
        var probed = JsonDocument.Parse(result.Output).RootElement.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("target").GetString()!).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected.Count, probed.Count);
        Assert.All(expected.Zip(probed), pair => Assert.Contains(pair.First.Endpoint.Uri.Host, pair.Second, StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();
}
