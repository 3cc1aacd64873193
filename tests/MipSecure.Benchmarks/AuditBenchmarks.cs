using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MipSecure.Cli.Audit;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;
using MipSecure.Trust.Validation;

namespace MipSecure.Benchmarks;

/// <summary>
/// The audit of a simulated site with 100 encrypted recording servers end to end (well-known URIs, login, discovery, a probe
/// of every server, the login proof on each recording server, the site rules), against the concurrent probe of the same 100
/// recording servers with the same concurrency. The ratio is what the login chain, discovery, the proof and the rules add
/// to the handshakes that must happen anyway.
/// </summary>
[MemoryDiagnoser]
public class AuditBenchmarks
{
    private const int RecordingServers = 100;
    private const int Concurrency = 16;
    private SimulatedSite _site = null!;
    private AuditOptions _options = null!;
    private AuditOptions _withoutProof = null!;
    private EncryptionProber _prober = null!;
    private XProtectEndpoint[] _recorders = null!;

    [GlobalSetup]
    public void Setup()
    {
        _site = SimulatedSite.StartAsync(builder =>
        {
            builder.AddManagementServer();
            for (var i = 1; i <= RecordingServers; i++)
            {
                builder.AddRecordingServer($"Recorder {i}", $"rec{i}.contoso.local");
            }
        }).GetAwaiter().GetResult();
        var overrides = new AddressOverrides(_site.HostMap.Keys.Select(host => new KeyValuePair<string, string>(host, "127.0.0.1")));
        _options = new AuditOptions(_site.ManagementServer.Uri, new BasicUserLogin(_site.Credentials.UserName, _site.Credentials.Password), _site.TrustAnchors)
        {
            AddressOverrides = overrides,
            Concurrency = Concurrency,
        };
        _withoutProof = _options with { CreateLoginProof = static (_, _) => new NoProof() };
        _recorders = _site.RecordingServers.Select(s => new XProtectEndpoint(s.Uri, ServerRole.RecordingServer, s.Name)).ToArray();
        _prober = new EncryptionProber(new CertificateValidator(_site.TrustAnchors), new ProbeSettings { MaxConcurrency = Concurrency }, TimeProvider.System, overrides);

        var audit = SiteAuditor.AuditAsync(_options, null, default).GetAwaiter().GetResult();
        if (audit.Report.HasErrors || audit.Proofs.Count(p => p.Outcome == LoginProofOutcome.Accepted) != RecordingServers)
        {
            throw new InvalidOperationException("The benchmark site must audit clean with the login proven on every recorder: " + string.Join("; ", audit.Probes));
        }
    }

    /// <summary>Starts the benchmark's site, runs <paramref name="measure"/> on it and stops it: the set-up the processor-time and stage timings share.</summary>
    /// <param name="measure">What to measure.</param>
    internal static void WithSite(Action<AuditBenchmarks> measure)
    {
        var benchmarks = new AuditBenchmarks();
        benchmarks.Setup();
        try
        {
            measure(benchmarks);
        }
        finally
        {
            benchmarks.Cleanup();
        }
    }

    /// <summary>Gets the options the audit benchmark audits the site with.</summary>
    internal AuditOptions Options => _options;

    [GlobalCleanup]
    public void Cleanup() => _site.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "concurrent probe of 100 recorders")]
    public async Task<int> Probe()
    {
        var results = await _prober.ProbeAllAsync(_recorders);
        return results.Count(r => r.Outcome == ProbeOutcome.Encrypted);
    }

    [Benchmark(Description = "audit of the site (100 recorders)")]
    public async Task<int> Audit()
    {
        var result = await SiteAuditor.AuditAsync(_options, null, default);
        return result.Proofs.Count;
    }

    [Benchmark(Description = "audit without the login proof")]
    public async Task<int> AuditWithoutProof()
    {
        var result = await SiteAuditor.AuditAsync(_withoutProof, null, default);
        return result.Probes.Count;
    }

    // Says every recorder accepted the login without talking to it: what the audit costs without the proof.
    private sealed class NoProof : IRecorderLoginProof
    {
        public Task<LoginProofResult> ProveAsync(
            XProtectEndpoint recorder, AuditSession session, ProofCamera? camera, string? noCameraReason, Stream? probedConnection, CancellationToken cancellationToken)
        {
            probedConnection?.Dispose();
            return Task.FromResult(new LoginProofResult(recorder, LoginProofOutcome.Accepted, null));
        }
    }
}
