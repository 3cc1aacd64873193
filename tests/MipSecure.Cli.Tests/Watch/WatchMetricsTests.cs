using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Cli.Watch;
using MipSecure.Options;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests.Watch;

/// <summary>
/// A watcher against a simulated site on a fake clock, scraped over HTTP while the site's certificates expire, are renewed
/// and break: the exported values follow, and Prometheus' promtool accepts the exposition.
/// </summary>
[Collection(WatchTestGroup.Name)]
public sealed class WatchMetricsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("mipsecure-watch");
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly CollectingLoggerProvider _log = new();
    private readonly ILoggerFactory _proberLoggers;
    private readonly ILogger<MipSecure.Discovery.EncryptionProber> _proberLog;

    public WatchMetricsTests()
    {
        _proberLoggers = LoggerFactory.Create(b => b.AddProvider(_log).SetMinimumLevel(LogLevel.Information));
        _proberLog = _proberLoggers.CreateLogger<MipSecure.Discovery.EncryptionProber>();
    }

    [Fact]
    public async Task Metrics_follow_certificates_that_expire_are_renewed_and_break_while_the_watcher_runs()
    {
        await using var site = await SimulatedSite.CreateBuilder()
            .WithTimeProvider(_clock)
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { CertificateProfile = CertificateProfile.ExpiringSoon })
            .StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = StartWatcher(site, out var address);
        using var http = new HttpClient();
        var recorder1 = ("server", "Recorder 1");
        var recorder2 = ("server", "Recorder 2");

        // 1. Every certificate trusted; Recorder 2's expires in 10 days, inside the 30-day window: a warning, still ready.
        await watch.Watcher.WaitForCyclesAsync(1, timeout.Token);
        var (first, text) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(1, first.Single("mipsecure_watch_certificate_trusted", recorder1));
        Assert.Equal(1, first.Single("mipsecure_watch_certificate_trusted", recorder2));
        Assert.Equal(1, first.Single("mipsecure_watch_encryption_stated", recorder1));
        Assert.Equal(1, first.Single("mipsecure_watch_encryption_spoken", recorder1));
        Assert.Equal(1, first.Single("mipsecure_watch_server_up", ("role", "management"), ("address", site.ManagementServer.Uri.GetLeftPart(UriPartial.Authority))));
        var notAfter = site.GetServer("Recorder 2").Certificate.Certificate.NotAfter.ToUniversalTime();
        Assert.Equal(new DateTimeOffset(notAfter).ToUnixTimeSeconds(), first.Single("mipsecure_watch_certificate_expiry_timestamp_seconds", recorder2), 0);
        Assert.InRange(first.Single("mipsecure_watch_certificate_remaining_seconds", recorder2), TimeSpan.FromDays(9).TotalSeconds, TimeSpan.FromDays(10).TotalSeconds);
        Assert.Equal(1, first.Single("mipsecure_watch_findings", recorder2, ("code", "MIPSEC1006"), ("severity", "warning")));
        Assert.Empty(first.Find("mipsecure_watch_findings", recorder1));
        Assert.Equal(Start.ToUnixTimeSeconds(), first.Single("mipsecure_watch_audit_last_success_timestamp_seconds"));
        Assert.Equal(900, first.Single("mipsecure_watch_audit_interval_seconds"));
        Assert.Equal(TimeSpan.FromDays(30).TotalSeconds, first.Single("mipsecure_watch_certificate_expiry_warning_seconds"));
        Assert.Equal(1, first.Single("mipsecure_watch_audit_ready"));
        Assert.Equal(1, first.Single("mipsecure_watch_audits_total", ("result", "completed")));
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(address.BaseUri, "readyz"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(address.BaseUri, "healthz"))).StatusCode);
        await AssertPromtoolAcceptsAsync(text);
        Assert.Single(_log.Containing("MIPSEC1006:"));

        // 2. Eleven days on, Recorder 2's certificate has expired: refused, negative time left, an error, not ready.
        _clock.Advance(TimeSpan.FromDays(11));
        await watch.Watcher.WaitForCyclesAsync(2, timeout.Token);
        var (expired, _) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(0, expired.Single("mipsecure_watch_certificate_trusted", recorder2));
        Assert.True(expired.Single("mipsecure_watch_certificate_remaining_seconds", recorder2) < 0);
        Assert.Equal(1, expired.Single("mipsecure_watch_findings", recorder2, ("code", "MIPSEC1004"), ("severity", "error")));
        Assert.Equal(1, expired.Single("mipsecure_watch_certificate_trusted", recorder1));
        Assert.Equal(0, expired.Single("mipsecure_watch_audit_ready"));
        var notReady = await http.GetAsync(new Uri(address.BaseUri, "readyz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("MIPSEC1004", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(_log.Containing("MIPSEC1004:"));

        // 3. The certificate is renewed while the server runs: trusted again, expiry later, the error series gone.
        site.GetServer("Recorder 2").Certificate = new IssuedServerCertificate(site.CertificateAuthority.IssueServerCertificate("rec2.contoso.local"));
        _clock.Advance(watch.Settings.MaxDelay);
        await watch.Watcher.WaitForCyclesAsync(3, timeout.Token);
        var (renewed, _) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(1, renewed.Single("mipsecure_watch_certificate_trusted", recorder2));
        Assert.True(renewed.Single("mipsecure_watch_certificate_expiry_timestamp_seconds", recorder2) > first.Single("mipsecure_watch_certificate_expiry_timestamp_seconds", recorder2));
        Assert.Empty(renewed.Find("mipsecure_watch_findings", recorder2));
        Assert.Equal(1, renewed.Single("mipsecure_watch_audit_ready"));

        // 4. Recorder 1 starts answering in plaintext on its https port: encryption drift (stated 1, spoken 0), MIPSEC4003.
        site.GetServer("Recorder 1").Fault = ServerFault.WrongProtocol();
        _clock.Advance(watch.Settings.MaxDelay);
        await watch.Watcher.WaitForCyclesAsync(4, timeout.Token);
        var (drifted, driftedText) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(1, drifted.Single("mipsecure_watch_encryption_stated", recorder1));
        Assert.Equal(0, drifted.Single("mipsecure_watch_encryption_spoken", recorder1));
        Assert.Equal(1, drifted.Single("mipsecure_watch_findings", recorder1, ("code", "MIPSEC4003"), ("severity", "error")));
        Assert.Equal(4, drifted.Single("mipsecure_watch_audits_total", ("result", "completed")));
        await AssertPromtoolAcceptsAsync(driftedText);

        // 5. It stops listening: down, and its TLS series are gone rather than frozen at their last value.
        site.GetServer("Recorder 1").Fault = ServerFault.RefuseConnections();
        _clock.Advance(watch.Settings.MaxDelay);
        await watch.Watcher.WaitForCyclesAsync(5, timeout.Token);
        var (down, _) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(0, down.Single("mipsecure_watch_server_up", recorder1));
        Assert.Empty(down.Find("mipsecure_watch_encryption_spoken", recorder1));
        Assert.Empty(down.Find("mipsecure_watch_certificate_trusted", recorder1));
        Assert.Equal(1, down.Single("mipsecure_watch_findings", recorder1, ("code", "MIPSEC4001"), ("severity", "error")));

        // Each finding was logged once, with its code; the resolved ones once more.
        Assert.Single(_log.Containing("MIPSEC4003:"));
        Assert.Single(_log.Containing("MIPSEC1004 resolved"));
        Assert.DoesNotContain(_log.Lines, l => l.Message.Contains(site.Credentials.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_site_file_fails_the_audit_keeps_the_watcher_alive_and_is_logged_once()
    {
        await using var site = await SimulatedSite.CreateBuilder().WithTimeProvider(_clock).AddManagementServer().AddRecordingServer().StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = StartWatcher(site, out var address);
        using var http = new HttpClient();
        await watch.Watcher.WaitForCyclesAsync(1, timeout.Token);

        System.IO.File.WriteAllText(_temp.File("mipsecure.json"), "{ \"managementServer\": ");
        for (var cycle = 2; cycle <= 4; cycle++)
        {
            _clock.Advance(watch.Settings.MaxDelay);
            await watch.Watcher.WaitForCyclesAsync(cycle, timeout.Token);
        }

        var (samples, _) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(3, samples.Single("mipsecure_watch_audits_total", ("result", "failed")));
        Assert.Equal(Start.ToUnixTimeSeconds(), samples.Single("mipsecure_watch_audit_last_success_timestamp_seconds"));
        Assert.Equal(1, samples.Single("mipsecure_watch_certificate_trusted", ("server", "Recorder 1")));
        var ready = await http.GetAsync(new Uri(address.BaseUri, "readyz"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Contains("MIPSEC3052", await ready.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(address.BaseUri, "healthz"))).StatusCode);
        Assert.Single(_log.Containing("MIPSEC3052:"));
    }

    [Fact]
    public async Task A_hanging_server_is_cut_at_its_timeout_and_does_not_delay_the_others()
    {
        await using var site = await SimulatedSite.CreateBuilder()
            .WithTimeProvider(_clock)
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Hanging", "hang.contoso.local", d => d with { Fault = ServerFault.AcceptThenHang() })
            .StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = StartWatcher(site, out var address);
        using var http = new HttpClient();

        // The other servers are probed in real time; the audit then waits for the hanging one only until its 5 s probe
        // timeout passes on the clock.
        await site.GetServer("Hanging").WaitForConnectionsAsync(1, timeout.Token);
        await _log.WaitForAsync("Probed", 2, timeout.Token);
        Assert.Equal(0, watch.Watcher.State.Cycles);
        _clock.Advance(TimeSpan.FromSeconds(5));
        await watch.Watcher.WaitForCyclesAsync(1, timeout.Token);
        Assert.Equal(Start.AddSeconds(5), watch.Watcher.State.LastSuccessAt);
        var (samples, _) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(0, samples.Single("mipsecure_watch_server_up", ("server", "Hanging")));
        Assert.Equal(1, samples.Single("mipsecure_watch_findings", ("server", "Hanging"), ("code", "MIPSEC4005"), ("severity", "error")));
        Assert.Equal(1, samples.Single("mipsecure_watch_certificate_trusted", ("server", "Recorder 1")));
    }

    public void Dispose()
    {
        _temp.Dispose();
        _proberLoggers.Dispose();
        _log.Dispose();
    }

    private RunningWatch StartWatcher(SimulatedSite site, out ListenAddress address)
    {
        var path = WatchTestSupport.WriteSiteFile(site, _temp.Path);
        var settings = new WatchSettings { Interval = TimeSpan.FromMinutes(15) };
        var source = new ConfiguredSiteSource(
            path, Array.Empty<string>(), WatchTestSupport.Loopback(site), new ProbeSettings { Timeout = TimeSpan.FromSeconds(5) }, null, _clock, _ => null, _proberLog);
        address = new ListenAddress("127.0.0.1", WatchTestSupport.FreePort());
        return RunningWatch.Start(source, settings, _clock, _log, address);
    }

    private async Task AssertPromtoolAcceptsAsync(string exposition)
    {
        var (exitCode, output) = await Promtool.RunAsync(exposition, _temp.Path, "check", "metrics");
        Assert.True(exitCode == 0, "promtool check metrics:\n" + output + "\n--- exposition\n" + exposition);
    }
}

/// <summary>A watcher, its metrics and its HTTP endpoints, started and stopped by one test.</summary>
internal sealed class RunningWatch : IDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly WatchMetrics _metrics;
    private readonly WatchEndpoints _endpoints;
    private readonly CancellationTokenSource _stop = new();

    private RunningWatch(SiteWatcher watcher, WatchSettings settings, ILoggerFactory loggers, WatchMetrics metrics, WatchEndpoints endpoints)
    {
        Watcher = watcher;
        Settings = settings;
        _loggers = loggers;
        _metrics = metrics;
        _endpoints = endpoints;
    }

    public SiteWatcher Watcher { get; }

    public WatchSettings Settings { get; }

    public static RunningWatch Start(ISiteSnapshotSource source, WatchSettings settings, TimeProvider clock, ILoggerProvider log, ListenAddress address)
    {
        var loggers = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information));
        var findings = new FindingLog(loggers.CreateLogger<FindingLog>(), clock, settings, source.Description);
        var watcher = new SiteWatcher(source, settings, clock, findings, loggers.CreateLogger<SiteWatcher>(), random: () => 0.5);
        var metrics = new WatchMetrics(watcher, clock);
        var endpoints = WatchEndpoints.Start(watcher, address);
        var running = new RunningWatch(watcher, settings, loggers, metrics, endpoints);
        watcher.StartAsync(running._stop.Token).GetAwaiter().GetResult();
        return running;
    }

    public void Dispose()
    {
        _stop.Cancel();
        Watcher.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        Watcher.Dispose();
        _endpoints.Dispose();
        _metrics.Dispose();
        _loggers.Dispose();
        _stop.Dispose();
    }
}

/// <summary>The watcher on a live site through its management server: the audit's login chain becomes metrics.</summary>
[Collection(WatchTestGroup.Name)]
public sealed class ManagedWatchTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly CollectingLoggerProvider _log = new();

    [Fact]
    public async Task The_login_chain_and_every_discovered_server_are_exported_and_a_refused_token_shows()
    {
        await using var site = await SimulatedSite.CreateBuilder()
            .WithTimeProvider(_clock)
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .StartAsync();
        var recorder = site.GetServer("Recorder 1");
        var options = new MipSecure.Cli.Audit.AuditOptions(
            site.ManagementServer.Uri, new MipSecure.Cli.Audit.BasicUserLogin(site.Credentials.UserName, site.Credentials.Password), site.TrustAnchors)
        {
            AddressOverrides = WatchTestSupport.Loopback(site),
            TimeProvider = _clock,
            ExpiryWarningDays = 30,

            // The recorder's camera: an ImageServer connect names one, and the proof then fetches a frame from it.
            Camera = recorder.Cameras[0].Id,
        };
        var source = new ManagedSiteSource(options);
        var address = new ListenAddress("127.0.0.1", WatchTestSupport.FreePort());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var watch = RunningWatch.Start(source, new WatchSettings { Interval = TimeSpan.FromMinutes(5) }, _clock, _log, address);
        using var http = new HttpClient();

        await watch.Watcher.WaitForCyclesAsync(1, timeout.Token);
        var (working, text) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(1, working.Single("mipsecure_watch_login_chain_works"));
        Assert.Equal(1, working.Single("mipsecure_watch_login_accepted", ("server", "Recorder 1")));
        Assert.Equal(1, working.Single("mipsecure_watch_login_accepted", ("role", "management")));
        Assert.Equal(1, working.Single("mipsecure_watch_certificate_trusted", ("server", "Recorder 1")));
        Assert.Equal(1, working.Single("mipsecure_watch_audit_ready"));
        Assert.Equal(300, working.Single("mipsecure_watch_audit_interval_seconds"));
        Assert.DoesNotContain(site.Credentials.Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(site.Credentials.UserName, text, StringComparison.Ordinal);
        Assert.Contains("basic user", source.Description, StringComparison.Ordinal);
        Assert.DoesNotContain(site.Credentials.Password, source.Description, StringComparison.Ordinal);

        // The recorder now refuses every token: its login is refused, and so is the chain.
        recorder.Fault = ServerFault.ExpireTokensEarly(TimeSpan.Zero);
        _clock.Advance(watch.Settings.MaxDelay);
        await watch.Watcher.WaitForCyclesAsync(2, timeout.Token);
        var (refused, _) = await WatchTestSupport.ScrapeAsync(http, address);
        Assert.Equal(0, refused.Single("mipsecure_watch_login_accepted", ("server", "Recorder 1")));
        Assert.Equal(1, refused.Single("mipsecure_watch_login_accepted", ("role", "management")));
        Assert.Equal(0, refused.Single("mipsecure_watch_login_chain_works"));
        Assert.NotEmpty(refused.Find("mipsecure_watch_findings", ("server", "Recorder 1"), ("severity", "error")));
        Assert.DoesNotContain(_log.Lines, l => l.Message.Contains(site.Credentials.Password, StringComparison.Ordinal));
    }

    public void Dispose() => _log.Dispose();
}
