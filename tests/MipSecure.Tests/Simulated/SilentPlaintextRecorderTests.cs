using System;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Testing.Simulation;
using MipSecure.Tests.TestSupport;
using Xunit;
using MipSecure.Trust;

namespace MipSecure.Tests.Simulated;

/// <summary>
/// A plaintext recording server that stays silent on a TLS client hello and on HTTP (what a real one does is not documented):
/// the probe's plaintext check speaks the ImageServer protocol, which a recorder answers, so it is Plaintext, not Unreachable.
/// </summary>
public sealed class SilentPlaintextRecorderTests : IDisposable
{
    private readonly ClientTestContext _context = new();

    [Theory]
    [InlineData("http", ProbeOutcome.Plaintext, "")]
    [InlineData("https", ProbeOutcome.Mismatch, "MIPSEC4003")]
    public async Task A_recorder_silent_on_the_client_hello_is_plaintext_within_the_probes_time_limit(string configuredScheme, ProbeOutcome outcome, string code)
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false, Fault = ServerFault.SilentExceptImageServer() }));
        var server = site.RecordingServers.Single();
        var configured = new UriBuilder(server.Uri) { Scheme = configuredScheme }.Uri;

        var start = _context.Clock.GetUtcNow();
        var tlsBudgetEnds = start + TimeSpan.FromTicks(_context.Options.Probe.Timeout.Ticks / 2);
        var probing = _context.Prober().ProbeAsync(new XProtectEndpoint(configured, ServerRole.RecordingServer, server.Name));

        // The TLS attempt gets half the probe's time: wait until its timer exists, end it; the ImageServer check answers at once.
        for (var timers = 0; await _context.Clock.NextShortTimer().WaitAsync(SignallingClock.StallLimit) != tlsBudgetEnds; timers++)
        {
            Assert.True(timers < 10, "The TLS attempt's timer was never started.");
        }

        _context.Clock.Advance(tlsBudgetEnds - _context.Clock.GetUtcNow());
        var result = await probing.WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(outcome, result.Outcome);
        Assert.False(result.SpeaksTls);
        Assert.Equal(code, string.Join(",", result.Findings.Where(f => f.Severity == MipSecure.Trust.Diagnostics.FindingSeverity.Error).Select(f => f.Code.Id)));
        Assert.True(result.Elapsed <= _context.Options.Probe.Timeout, $"{result.Elapsed} > {_context.Options.Probe.Timeout}");
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public async Task The_same_recorder_ignores_head_requests_so_http_alone_would_call_it_unreachable()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false, Fault = ServerFault.SilentExceptImageServer() }));
        var server = site.RecordingServers.Single();

        // A management-server-style probe of the same port uses HEAD /, which this recorder leaves unanswered.
        var probing = _context.Prober().ProbeAsync(new XProtectEndpoint(server.Uri, ServerRole.ManagementServer, server.Name));
        await server.WaitForConnectionsAsync(1).WaitAsync(SignallingClock.StallLimit);
        _context.Clock.Advance(_context.Options.Probe.Timeout);
        var result = await probing.WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(ProbeOutcome.Unreachable, result.Outcome);
    }

    public void Dispose() => _context.Dispose();
}
