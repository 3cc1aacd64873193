using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Cli.Commands;
using MipSecure.Cli.Watch;
using MipSecure.Endpoints;
using MipSecure.TestUtilities;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests.Watch;

/// <summary>The <c>watch</c> command line and the host it runs in.</summary>
[Collection(WatchTestGroup.Name)]
public sealed class WatchCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new("mipsecure-watch-cli");

    [Theory]
    [InlineData(new[] { "watch" }, "--management URI")]
    [InlineData(new[] { "watch", "--config", "a.json", "--management", "https://mgmt.contoso.local/", "--user", "u", "--password-variable", "P" }, "either --management")]
    [InlineData(new[] { "watch", "--management", "https://mgmt.contoso.local/" }, "--user NAME and --password-variable VAR")]
    [InlineData(new[] { "watch", "--management", "ftp://mgmt/", "--user", "u", "--password-variable", "P" }, "not an http:// or https://")]
    [InlineData(new[] { "watch", "--config", "a.json", "--interval", "5x" }, "--interval '5x' is not a duration")]
    [InlineData(new[] { "watch", "--config", "a.json", "--interval", "0s" }, "--interval '0s' is not a duration")]
    [InlineData(new[] { "watch", "--config", "a.json", "--listen", "9464" }, "--listen '9464' is not HOST:PORT")]
    [InlineData(new[] { "watch", "--config", "a.json", "--listen", "127.0.0.1:99999" }, "--listen '127.0.0.1:99999' is not HOST:PORT")]
    [InlineData(new[] { "watch", "--config", "a.json", "--interval", "10s", "--timeout", "20" }, "--timeout must be shorter than --interval")]
    [InlineData(new[] { "watch", "--config", "a.json", "--expiry-warning-days", "-1" }, "--expiry-warning-days must be between 0 and 3650")]
    public async Task Bad_options_are_a_usage_error_that_says_what_to_give(string[] args, string message)
    {
        var result = await new CliRunner(realTime: true).RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_variable_that_is_not_set_is_one_coded_line_naming_it()
    {
        var result = await new CliRunner(realTime: true).RunAsync("watch", "--management", "https://mgmt.contoso.local/", "--user", "svc", "--password-variable", "WATCH_PASSWORD", "--ca", "ca.crt");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("MIPSEC3007: --password-variable WATCH_PASSWORD:", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listen_address_in_use_stops_with_MIPSEC4051_and_exit_1()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        File.WriteAllText(_temp.File("mipsecure.json"), """{ "managementServer": { "uri": "https://mgmt.contoso.local/" } }""");

        var result = await new CliRunner(realTime: true).RunAsync("watch", "--config", _temp.File("mipsecure.json"), "--listen", "127.0.0.1:" + port);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MIPSEC4051", result.Error, StringComparison.Ordinal);
        Assert.Contains("--listen", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("15m", 900)]
    [InlineData("1h", 3600)]
    [InlineData("2d", 172800)]
    [InlineData("600", 600)]
    public void Intervals_read_as_seconds_minutes_hours_or_days(string text, int seconds)
    {
        Assert.True(WatchCommand.ParseInterval(text, out var interval));
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
    }

    [Fact]
    public async Task The_host_runs_the_watcher_as_its_service_and_writes_json_log_lines_with_the_code()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var source = new OneWarningSite(clock);
        var console = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(console));
        try
        {
            using (var host = WatchCommand.BuildHost(source, new WatchSettings { Interval = TimeSpan.FromMinutes(15) }, clock, json: true))
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await host.StartAsync(timeout.Token);
                var watcher = host.Services.GetRequiredService<SiteWatcher>();
                await watcher.WaitForCyclesAsync(1, timeout.Token);
                Assert.True(watcher.IsRunning);
                Assert.Contains(host.Services.GetServices<IHostedService>(), s => ReferenceEquals(s, watcher));
                await host.StopAsync(timeout.Token);
                Assert.False(watcher.IsRunning);
            }
        }
        finally
        {
            Console.SetOut(original);
        }

        var lines = console.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var finding = Assert.Single(lines, l => l.GetProperty("EventId").GetInt32() == 4201);
        Assert.Equal("Warning", finding.GetProperty("LogLevel").GetString());
        Assert.StartsWith("MIPSEC1006: recording server 'Recorder 1' (https://rec1.contoso.local:7563)", finding.GetProperty("Message").GetString(), StringComparison.Ordinal);
        Assert.Equal("MIPSEC1006", finding.GetProperty("State").GetProperty("Code").GetString());
    }

    [Fact]
    public async Task An_audit_that_throws_is_a_failed_cycle_with_MIPSEC4052_and_the_next_one_runs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        var source = new FailingOnceSite(new OneWarningSite(clock));
        using var loggers = LoggerFactory.Create(_ => { });
        var settings = new WatchSettings();
        using var watcher = new SiteWatcher(source, settings, clock, new FindingLog(loggers.CreateLogger<FindingLog>(), clock, settings, "site"), loggers.CreateLogger<SiteWatcher>());

        var failed = await watcher.AuditOnceAsync(CancellationToken.None);
        var recovered = await watcher.AuditOnceAsync(CancellationToken.None);

        Assert.Equal("MIPSEC4052", failed.LastFailure?.Code.Id);
        Assert.Contains("InvalidOperationException", failed.LastFailure!.Message, StringComparison.Ordinal);
        Assert.Equal(1, failed.Failed);
        Assert.Null(recovered.LastFailure);
        Assert.Equal(1, recovered.Completed);
    }

    public void Dispose() => _temp.Dispose();

    private sealed class FailingOnceSite(ISiteSnapshotSource inner) : ISiteSnapshotSource
    {
        private int _calls;

        public string Description => inner.Description;

        public Task<SiteSnapshot> CaptureAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _calls) == 1 ? throw new InvalidOperationException("the disk went away") : inner.CaptureAsync(cancellationToken);
    }

    private sealed class OneWarningSite(TimeProvider clock) : ISiteSnapshotSource
    {
        public string Description => "one warning";

        public Task<SiteSnapshot> CaptureAsync(CancellationToken cancellationToken)
        {
            var finding = new TrustFinding(MipSecCodes.CertificateExpiresSoon, FindingSeverity.Warning, "The certificate expires in 10 days.", "Renew it.");
            var server = new ServerObservation("Recorder 1", ServerRole.RecordingServer, new Uri("https://rec1.contoso.local:7563/"), true, true, true, clock.GetUtcNow().AddDays(10), null, new[] { finding });
            return Task.FromResult(new SiteSnapshot(clock.GetUtcNow(), new[] { server }, Array.Empty<TrustFinding>(), null, TimeSpan.FromDays(30)));
        }
    }
}
