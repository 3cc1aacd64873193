using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Trust.Validation;

namespace MipSecure.Benchmarks;

/// <summary>
/// Probing many encrypted endpoints of a simulated site on the same machine: <see cref="EncryptionProber.ProbeAllAsync"/>
/// with its default concurrency against the same probes made one after another. Endpoints per second = EndpointCount / Mean.
/// </summary>
[MemoryDiagnoser]
public class ProbeThroughputBenchmarks
{
    private const int SiteServers = 10;
    private BenchmarkSite _site = null!;
    private EncryptionProber _prober = null!;
    private XProtectEndpoint[] _endpoints = null!;

    /// <summary>Gets or sets how many endpoints one operation probes.</summary>
    [Params(100, 500)]
    public int EndpointCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _site = BenchmarkSite.StartAsync(SiteServers).GetAwaiter().GetResult();
        _endpoints = _site.Take(EndpointCount);
        _prober = new EncryptionProber(new CertificateValidator(_site.Site.TrustAnchors), new ProbeSettings(), TimeProvider.System, _site.Overrides);
        var check = _prober.ProbeAllAsync(_site.Endpoints).GetAwaiter().GetResult();
        if (check.Any(r => r.Outcome != ProbeOutcome.Encrypted || r.HasErrors))
        {
            throw new InvalidOperationException("Every benchmark endpoint must probe as encrypted and trusted: " + string.Join("; ", check));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _site.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "sequential ProbeAsync")]
    public async Task<int> Sequential()
    {
        var encrypted = 0;
        foreach (var endpoint in _endpoints)
        {
            var result = await _prober.ProbeAsync(endpoint);
            encrypted += result.Outcome == ProbeOutcome.Encrypted ? 1 : 0;
        }

        return encrypted;
    }

    [Benchmark(Description = "concurrent ProbeAllAsync")]
    public async Task<int> Concurrent()
    {
        IReadOnlyList<ProbeResult> results = await _prober.ProbeAllAsync(_endpoints);
        return results.Count(r => r.Outcome == ProbeOutcome.Encrypted);
    }
}
