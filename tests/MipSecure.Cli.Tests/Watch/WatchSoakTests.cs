using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Cli.Watch;
using MipSecure.Endpoints;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests.Watch;

/// <summary>
/// Thousands of audit cycles on a fake clock, with findings that come and go, daily expiry warnings and a scrape every
/// hundred cycles: the managed heap and the process's open handles stay flat.
/// </summary>
[Collection(WatchTestGroup.Name)]
public sealed class WatchSoakTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int WarmUpCycles = 300;
    private const int Cycles = 3000;

    [Fact]
    public async Task Memory_and_handles_stay_flat_over_three_thousand_cycles()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var source = new ChangingSite(clock);
        var log = new CountingLoggerProvider();
        var settings = new WatchSettings { Interval = TimeSpan.FromMinutes(15) };
        var address = new ListenAddress("127.0.0.1", WatchTestSupport.FreePort());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var http = new HttpClient();
        using var watch = RunningWatch.Start(source, settings, clock, log, address);

        long heapAfterWarmUp = 0;
        var handlesAfterWarmUp = 0;
        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            await watch.Watcher.WaitForCyclesAsync(cycle, timeout.Token);
            if (cycle % 100 == 0)
            {
                var (samples, _) = await WatchTestSupport.ScrapeAsync(http, address);
                Assert.Equal(cycle, samples.Single("mipsecure_watch_audits_total", ("result", "completed")));
            }

            if (cycle == WarmUpCycles)
            {
                heapAfterWarmUp = Heap();
                handlesAfterWarmUp = OpenHandles();
            }

            clock.Advance(settings.MaxDelay);
        }

        var heapGrowth = Heap() - heapAfterWarmUp;
        var handleGrowth = OpenHandles() - handlesAfterWarmUp;
        output.WriteLine($"heap growth {heapGrowth / 1024} KiB, handle growth {handleGrowth}, over {Cycles - WarmUpCycles} cycles");
        Assert.True(heapGrowth < 2 * 1024 * 1024, $"The heap grew by {heapGrowth / 1024} KiB over {Cycles - WarmUpCycles} cycles.");
        Assert.True(handleGrowth <= 8, $"Open handles grew by {handleGrowth} over {Cycles - WarmUpCycles} cycles.");

        // The cycles did what a real watch does: findings appeared and were resolved, expiry warnings repeated daily.
        Assert.True(log.Count(4202) > 50, "resolved findings: " + log.Count(4202));
        Assert.InRange(log.Count(4201), 60, 400);
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int OpenHandles() =>
        Directory.Exists("/proc/self/fd") ? Directory.GetFileSystemEntries("/proc/self/fd").Length : Process.GetCurrentProcess().HandleCount;

    /// <summary>A site whose findings change every few cycles, with a certificate always inside its warning window.</summary>
    private sealed class ChangingSite(TimeProvider clock) : ISiteSnapshotSource
    {
        private int _audits;

        public string Description => "soak site";

        public Task<SiteSnapshot> CaptureAsync(CancellationToken cancellationToken)
        {
            var audit = Interlocked.Increment(ref _audits);
            var now = clock.GetUtcNow();
            var servers = Enumerable.Range(1, 5).Select(i =>
            {
                var findings = new List<TrustFinding>();
                if (i == 1)
                {
                    findings.Add(new TrustFinding(MipSecCodes.CertificateExpiresSoon, FindingSeverity.Warning, "expires in 10 days", "Renew it."));
                }

                if ((audit / 20) % 5 == i - 1)
                {
                    findings.Add(new TrustFinding(MipSecCodes.ServerUnreachable, FindingSeverity.Error, $"unreachable at audit {audit}", "Start it."));
                }

                return new ServerObservation(
                    $"Recorder {i}", ServerRole.RecordingServer, new Uri($"https://rec{i}.contoso.local:7563/"), true, true, findings.Count == 0 || i == 1,
                    now.AddDays(10), true, findings);
            }).ToList();
            return Task.FromResult(new SiteSnapshot(now, servers, Array.Empty<TrustFinding>(), true, TimeSpan.FromDays(30)));
        }
    }

    /// <summary>Counts log lines by event id and keeps none, so the log itself cannot grow the heap.</summary>
    private sealed class CountingLoggerProvider : ILoggerProvider
    {
        private readonly Dictionary<int, int> _counts = new();

        public int Count(int eventId)
        {
            lock (_counts)
            {
                return _counts.TryGetValue(eventId, out var count) ? count : 0;
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CountingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                _ = formatter(state, exception);
                lock (owner._counts)
                {
                    owner._counts[eventId.Id] = owner.Count(eventId.Id) + 1;
                }
            }
        }
    }
}
