using System;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Tests.Connections;
using MipSecure.Tests.TestSupport;
using Xunit;
using MipSecure.Trust;

namespace MipSecure.Tests.Discovery;

public sealed class EncryptionProberTests : IDisposable
{
    private readonly ClientTestContext _context = new();

    public EncryptionProberTests()
    {
        // Probe timeouts are fired by the tests on purpose, never skipped over by the clock driver.
        _context.Options.Probe.Timeout = TimeSpan.FromMinutes(2);
    }

    [Fact]
    public async Task Probes_a_mixed_site_and_names_what_each_port_speaks()
    {
        await using var site = await _context.StartSiteAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Encrypted = false })
            .AddRecordingServer("Recorder 3", "rec3.contoso.local", d => d with { CertificateProfile = CertificateProfile.UntrustedCa }));
        var endpoints = site.Servers.Select(s => new XProtectEndpoint(s.Uri, s.Role == ServerRole.ManagementServer ? ServerRole.ManagementServer : ServerRole.RecordingServer, s.Name)).ToList();

        var results = (await _context.Prober().ProbeAllAsync(endpoints).WaitAsync(SignallingClock.StallLimit)).ToDictionary(r => r.Endpoint.Name);

        Assert.Equal(ProbeOutcome.Encrypted, results["Recorder 1"].Outcome);
        Assert.True(results["Recorder 1"].Report!.IsTrusted);
        Assert.False(results["Recorder 1"].HasErrors);
        Assert.Equal(ProbeOutcome.Plaintext, results["Recorder 2"].Outcome);
        Assert.Null(results["Recorder 2"].Report);
        Assert.Equal(ProbeOutcome.Encrypted, results["Recorder 3"].Outcome);
        Assert.True(results["Recorder 3"].Has(Trust.Diagnostics.MipSecCodes.CertificateUntrusted));
        Assert.True(results["Recorder 3"].HasErrors);
        Assert.Equal(ProbeOutcome.Encrypted, results[site.ManagementServer.Name].Outcome);
    }

    [Fact]
    public async Task Https_configured_but_plaintext_spoken_is_a_mismatch_error()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.WrongProtocol() }));
        var server = site.RecordingServers.Single();

        var result = await _context.Prober().ProbeAsync(new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name)).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(ProbeOutcome.Mismatch, result.Outcome);
        Assert.False(result.SpeaksTls);
        Assert.Equal("MIPSEC4003", result.Findings[0].Code.Id);
        Assert.Equal(Trust.Diagnostics.FindingSeverity.Error, result.Findings[0].Severity);
    }

    [Fact]
    public async Task Http_configured_but_tls_spoken_is_a_mismatch_warning_with_the_certificate_report()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer());
        var server = site.RecordingServers.Single();
        var configuredAsHttp = new UriBuilder(server.Uri) { Scheme = "http", Port = server.Uri.Port }.Uri;

        var result = await _context.Prober().ProbeAsync(new XProtectEndpoint(configuredAsHttp, ServerRole.RecordingServer, server.Name)).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(ProbeOutcome.Mismatch, result.Outcome);
        Assert.True(result.SpeaksTls);
        var finding = Assert.Single(result.Findings);
        Assert.Equal("MIPSEC4004", finding.Code.Id);
        Assert.Equal(Trust.Diagnostics.FindingSeverity.Warning, finding.Severity);
        Assert.True(result.Report!.IsTrusted);
        Assert.False(result.HasErrors);
    }

    [Fact]
    public async Task A_closed_port_is_unreachable()
    {
        var endpoint = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/");
        using var refusing = new RefusingPort();
        _context.Overrides["rec1.contoso.local"] = refusing.Address;

        var result = await _context.Prober().ProbeAsync(endpoint).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(ProbeOutcome.Unreachable, result.Outcome);
        Assert.Equal("MIPSEC4001", result.Findings.Single().Code.Id);
    }

    [Fact]
    public async Task A_hanging_target_is_reported_unreachable_when_its_timeout_runs_out()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.AcceptThenHang() }));
        var server = site.RecordingServers.Single();

        var probing = _context.Prober().ProbeAsync(new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name));
        await server.WaitForConnectionsAsync(1).WaitAsync(SignallingClock.StallLimit);
        _context.Clock.Advance(_context.Options.Probe.Timeout);
        var result = await probing;

        Assert.Equal(ProbeOutcome.Unreachable, result.Outcome);
        Assert.Equal("MIPSEC4005", result.Findings.Single().Code.Id);
        Assert.Equal(_context.Options.Probe.Timeout, result.Elapsed);
    }

    [Fact]
    public async Task Hanging_targets_never_hold_up_healthy_ones_and_concurrency_stays_bounded()
    {
        _context.Options.Probe.MaxConcurrency = 2;
        var hanging = Enumerable.Range(1, 6).Select(_ => LoopbackServer.Hanging()).ToList();
        try
        {
            await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer());
            var healthy = site.RecordingServers.Single();
            var endpoints = hanging.Select((server, i) =>
            {
                var host = $"hang{i + 1}.contoso.local";
                _context.Map(host, server);
                return XProtectEndpoint.RecordingServer($"https://{host}:7563/", $"Hanging {i + 1}");
            }).Append(new XProtectEndpoint(healthy.Uri, ServerRole.RecordingServer, healthy.Name)).ToList();

            var probing = _context.Prober().ProbeAllAsync(endpoints);
            for (var batch = 0; batch < 3; batch++)
            {
                // Two probes run; the next two start only when the clock ends these. A probe arms its deadline before it
                // dials, so once its server has a connection the advance below is sure to end it.
                await hanging[2 * batch].WaitForConnectionsAsync(1);
                await hanging[(2 * batch) + 1].WaitForConnectionsAsync(1);
                Assert.All(hanging.Skip(2 * (batch + 1)), server => Assert.Equal(0, server.AcceptedCount));
                _context.Clock.Advance(_context.Options.Probe.Timeout);
            }

            var results = await probing.WaitAsync(SignallingClock.StallLimit);

            Assert.Equal(endpoints, results.Select(r => r.Endpoint));
            Assert.All(results.Take(6), r => Assert.Equal(ProbeOutcome.Unreachable, r.Outcome));
            Assert.Equal(ProbeOutcome.Encrypted, results[6].Outcome);
            Assert.All(results, r => Assert.True(r.Elapsed <= _context.Options.Probe.Timeout, r.ToString()));
            Assert.Equal(3 * _context.Options.Probe.Timeout, _context.Clock.Advanced);

            // The TLS attempt, and at most the plaintext check that follows a silent handshake.
            Assert.All(hanging, server => Assert.InRange(server.AcceptedCount, 1, 2));
        }
        finally
        {
            foreach (var server in hanging)
            {
                await server.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Cancelling_a_probe_stops_it_at_once()
    {
        await using var hanging = LoopbackServer.Hanging();
        _context.Map("rec1.contoso.local", hanging);
        using var cancellation = new System.Threading.CancellationTokenSource();
        var accepted = hanging.NextConnection;

        var probing = _context.Prober().ProbeAllAsync(new[] { XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/") }, cancellation.Token);
        await accepted.WaitAsync(SignallingClock.StallLimit);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probing);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
    }

    public void Dispose() => _context.Dispose();
}
