using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Resilience;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;
using MipSecure.Trust.Validation;
using Xunit;
using Xunit.Abstractions;

namespace MipSecure.Robustness.Tests;

/// <summary>Runs alone: it counts the process's open handles and its unobserved task exceptions.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoakRunsAlone
{
    public const string Name = "Soak";
}

/// <summary>
/// Thousands of connections and probes against a simulated site whose servers switch between fault modes at random (seeded).
/// Every call must end within its configured timeout with a result or a coded error; handles return to their baseline;
/// no task exception goes unobserved; retries stay within the configured bound.
/// </summary>
[Collection(SoakRunsAlone.Name)]
public sealed class SoakTests
{
    private const int Seed = 909;
    private const int Calls = 2000;
    private const int CallsPerRound = 100;
    private const int MaxConcurrentCalls = 16;
    private const int HandleSlack = 16;

    // Scheduling on a loaded 2-core machine can add this much to a call beyond its own time limit.
    private static readonly TimeSpan SchedulingSlack = TimeSpan.FromSeconds(3);

    private static readonly MipSecureOptions Options = new()
    {
        AttemptTimeout = TimeSpan.FromMilliseconds(300),
        TotalTimeout = TimeSpan.FromSeconds(1),
        Retry = new RetrySettings { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) },
        CircuitBreaker = new CircuitBreakerSettings { Enabled = false },
        Probe = new ProbeSettings { Timeout = TimeSpan.FromMilliseconds(500), MaxConcurrency = MaxConcurrentCalls },
    };

    private readonly ITestOutputHelper _output;

    public SoakTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task Connections_and_probes_against_randomly_faulty_servers_end_on_time_without_leaks_or_retry_storms()
    {
        using var root = CertificateAuthority.CreateRoot("Soak Root CA");

        // A short warm-up loads every assembly and fills the pools, so the handle baseline is the steady state.
        await SoakAsync(root, calls: 40, new Random(Seed + 1));
        var unobserved = new ConcurrentQueue<Exception>();
        EventHandler<UnobservedTaskExceptionEventArgs> onUnobserved = (_, e) => unobserved.Enqueue(e.Exception);
        CollectGarbage();
        var baselineHandles = OpenHandles();
        TaskScheduler.UnobservedTaskException += onUnobserved;
        SoakOutcome outcome;
        try
        {
            outcome = await SoakAsync(root, Calls, new Random(Seed));
            await WaitForHandlesAsync(baselineHandles + HandleSlack);
            CollectGarbage();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= onUnobserved;
        }

        var handlesAfter = OpenHandles();
        _output.WriteLine(outcome.ToString());
        _output.WriteLine($"handles: baseline {baselineHandles}, after disposal {handlesAfter}");
        Assert.Empty(outcome.Unexpected);
        Assert.Equal(Calls, outcome.Connections + outcome.Probes);
        Assert.True(outcome.SlowestConnection <= Options.TotalTimeout + SchedulingSlack, $"a connection took {outcome.SlowestConnection}");
        Assert.True(outcome.SlowestProbe <= Options.Probe.Timeout + SchedulingSlack, $"a probe took {outcome.SlowestProbe}");
        Assert.True(outcome.Succeeded > 0 && outcome.Failed > 0, "the faults should let some calls through and stop others");
        Assert.True(outcome.Accepted <= outcome.AttemptBound, $"{outcome.Accepted} connections accepted, bound {outcome.AttemptBound}");
        Assert.True(handlesAfter <= baselineHandles + HandleSlack, $"{handlesAfter} handles open after disposal, baseline {baselineHandles}");
        Assert.Empty(unobserved);
    }

    private static async Task<SoakOutcome> SoakAsync(CertificateAuthority root, int calls, Random random)
    {
        var outcome = new SoakOutcome();
        await using (var site = await SimulatedSite.StartAsync(b => b
            .WithCertificateAuthority(root)
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Recorder 2", "rec2.contoso.local")
            .AddRecordingServer("Recorder 3", "rec3.contoso.local")
            .AddRecordingServer("Recorder 4", "rec4.contoso.local")
            .AddRecordingServer("Recorder 5", "rec5.contoso.local", d => d with { CertificateProfile = CertificateProfile.UntrustedCa })))
        {
            var overrides = new AddressOverrides(site.HostMap.Keys.Select(host => new KeyValuePair<string, string>(host, "127.0.0.1")));
            var validator = new CertificateValidator(new Trust.Certificates.TrustAnchorSet(new[] { root.Certificate }));
            var connector = new SecureConnector(validator, new ConnectionResilience(Options, TimeProvider.System), overrides);
            var prober = new EncryptionProber(validator, Options.Probe, TimeProvider.System, overrides);
            var endpoints = site.RecordingServers.Select(s => new XProtectEndpoint(s.Uri, ServerRole.RecordingServer, s.Name)).ToArray();
            using var gate = new SemaphoreSlim(MaxConcurrentCalls);
            for (var done = 0; done < calls; done += CallsPerRound)
            {
                foreach (var server in site.RecordingServers)
                {
                    server.Fault = RandomFault(random);
                }

                var round = Enumerable.Range(0, Math.Min(CallsPerRound, calls - done))
                    .Select(_ => (Endpoint: endpoints[random.Next(endpoints.Length)], Probe: random.Next(2) == 0))
                    .ToList();
                await Task.WhenAll(round.Select(async call =>
                {
                    await gate.WaitAsync();
                    try
                    {
                        await (call.Probe ? ProbeAsync(prober, call.Endpoint, outcome) : ConnectAsync(connector, call.Endpoint, outcome));
                    }
                    finally
                    {
                        gate.Release();
                    }
                }));
            }

            outcome.Accepted = site.RecordingServers.Sum(s => s.AcceptedConnections);
        }

        return outcome;
    }

    private static async Task ConnectAsync(SecureConnector connector, XProtectEndpoint endpoint, SoakOutcome outcome)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await using var stream = await connector.ConnectAsync(endpoint);
            outcome.Record(watch.Elapsed, probe: false, succeeded: true);
        }
        catch (MipSecureConnectionException ex) when (ex.Code.Id.StartsWith("MIPSEC", StringComparison.Ordinal))
        {
            outcome.Record(watch.Elapsed, probe: false, succeeded: false);
        }
        catch (Exception ex)
        {
            outcome.Unexpected.Enqueue($"connect to {endpoint.Name}: {ex.GetType().Name}: {ex.Message}");
            outcome.Record(watch.Elapsed, probe: false, succeeded: false);
        }
    }

    private static async Task ProbeAsync(EncryptionProber prober, XProtectEndpoint endpoint, SoakOutcome outcome)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await prober.ProbeAsync(endpoint);
            outcome.Record(watch.Elapsed, probe: true, succeeded: result.Outcome == ProbeOutcome.Encrypted && !result.HasErrors);
        }
        catch (Exception ex)
        {
            outcome.Unexpected.Enqueue($"probe of {endpoint.Name}: {ex.GetType().Name}: {ex.Message}");
            outcome.Record(watch.Elapsed, probe: true, succeeded: false);
        }
    }

    private static ServerFault RandomFault(Random random) => random.Next(10) switch
    {
        0 => ServerFault.RefuseConnections(),
        1 => ServerFault.AcceptThenHang(),
        2 => ServerFault.HangMidHandshake(),
        3 => ServerFault.ResetAfterBytes(random.Next(0, 3000)),
        4 => ServerFault.DripBytes(TimeSpan.FromMilliseconds(1), chunkSize: 512),
        5 => ServerFault.TlsAlert(),
        6 => ServerFault.WrongProtocol(),
        7 => ServerFault.FailFirstConnections(2, ServerFault.ResetAfterBytes(0)),
        _ => ServerFault.None,
    };

    private static int OpenHandles() =>
        OperatingSystem.IsLinux() ? Directory.GetFileSystemEntries("/proc/self/fd").Length : Process.GetCurrentProcess().HandleCount;

    private static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    // Sockets abandoned by a timed-out probe close once their cancelled work unwinds: give that work a bounded chance to run.
    private static async Task WaitForHandlesAsync(int target)
    {
        for (var round = 0; round < 2000 && OpenHandles() > target; round++)
        {
            if (round % 100 == 0)
            {
                CollectGarbage();
            }

            await Task.Yield();
        }
    }

    private sealed class SoakOutcome
    {
        private long _slowestConnectionTicks;
        private long _slowestProbeTicks;
        private int _connections;
        private int _probes;
        private int _succeeded;
        private int _failed;

        public ConcurrentQueue<string> Unexpected { get; } = new();

        public int Connections => _connections;

        public int Probes => _probes;

        public int Succeeded => _succeeded;

        public int Failed => _failed;

        public TimeSpan SlowestConnection => TimeSpan.FromTicks(Interlocked.Read(ref _slowestConnectionTicks));

        public TimeSpan SlowestProbe => TimeSpan.FromTicks(Interlocked.Read(ref _slowestProbeTicks));

        public int Accepted { get; set; }

        // A connection makes at most 1 + MaxRetryAttempts attempts; a probe makes a TLS attempt and at most one plaintext check.
        public int AttemptBound => Connections * (1 + Options.Retry.MaxRetryAttempts) + Probes * 2;

        public void Record(TimeSpan elapsed, bool probe, bool succeeded)
        {
            Interlocked.Increment(ref probe ? ref _probes : ref _connections);
            Interlocked.Increment(ref succeeded ? ref _succeeded : ref _failed);
            ref var slowest = ref probe ? ref _slowestProbeTicks : ref _slowestConnectionTicks;
            long current;
            while (elapsed.Ticks > (current = Interlocked.Read(ref slowest)) && Interlocked.CompareExchange(ref slowest, elapsed.Ticks, current) != current)
            {
            }
        }

        public override string ToString() =>
            $"{Connections} connections and {Probes} probes: {Succeeded} succeeded, {Failed} failed with coded errors, slowest connection {SlowestConnection.TotalMilliseconds:F0} ms, slowest probe {SlowestProbe.TotalMilliseconds:F0} ms, {Accepted} connections accepted (bound {AttemptBound}), {Unexpected.Count} unexpected: {string.Join(" | ", Unexpected.Take(5))}";
    }
}
