using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;

namespace MipSecure.Benchmarks;

/// <summary>A simulated site with encrypted recording servers on loopback, and the endpoints and overrides a client needs.</summary>
internal sealed class BenchmarkSite : IAsyncDisposable
{
    private BenchmarkSite(SimulatedSite site)
    {
        Site = site;
        Overrides = new AddressOverrides(site.HostMap.Keys.Select(host => new KeyValuePair<string, string>(host, "127.0.0.1")));
        Endpoints = site.RecordingServers.Select(s => new XProtectEndpoint(s.Uri, ServerRole.RecordingServer, s.Name)).ToArray();
    }

    public SimulatedSite Site { get; }

    public AddressOverrides Overrides { get; }

    public IReadOnlyList<XProtectEndpoint> Endpoints { get; }

    public static async Task<BenchmarkSite> StartAsync(int recordingServers)
    {
        var site = await SimulatedSite.StartAsync(builder =>
        {
            for (var i = 1; i <= recordingServers; i++)
            {
                builder.AddRecordingServer($"Recorder {i}", $"rec{i}.contoso.local");
            }
        });
        return new BenchmarkSite(site);
    }

    /// <summary>Returns <paramref name="count"/> endpoints, cycling through the site's servers.</summary>
    public XProtectEndpoint[] Take(int count) => Enumerable.Range(0, count).Select(i => Endpoints[i % Endpoints.Count]).ToArray();

    public ValueTask DisposeAsync() => Site.DisposeAsync();
}
