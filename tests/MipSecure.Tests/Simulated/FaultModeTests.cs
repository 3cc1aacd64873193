using System;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Testing.Simulation;
using MipSecure.Tests.TestSupport;
using Xunit;
using MipSecure.Trust;

namespace MipSecure.Tests.Simulated;

/// <summary>Every transport fault of the simulator, retried exactly as configured and bounded on the fake clock.</summary>
public sealed class FaultModeTests : IDisposable
{
    private const int Retries = 2;
    private readonly ClientTestContext _context = new();

    public FaultModeTests()
    {
        _context.Options.Retry.MaxRetryAttempts = Retries;
    }

    public static TheoryData<string, string, int> Faults => new()
    {
        { "refuse", "MIPSEC4001", 0 },
        { "reset", "MIPSEC4001", Retries + 1 },
        { "hang-mid-handshake", "MIPSEC4005", Retries + 1 },
        { "accept-then-hang", "MIPSEC4005", Retries + 1 },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Each_fault_mode_is_retried_as_configured_and_bounded_in_time(string faultName, string expectedCode, int expectedConnections)
    {
        var fault = faultName switch
        {
            "refuse" => ServerFault.RefuseConnections(),
            "reset" => ServerFault.ResetAfterBytes(0),
            "hang-mid-handshake" => ServerFault.HangMidHandshake(),
            _ => ServerFault.AcceptThenHang(),
        };
        var hangs = faultName.Contains("hang", StringComparison.Ordinal);
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = fault }));
        var server = site.RecordingServers[0];
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        var connecting = _context.Connector().ConnectAsync(endpoint);
        var firing = hangs ? FireAttemptTimeoutsAsync(server, connecting) : Task.CompletedTask;
        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(connecting));
        await firing;

        Assert.Equal(expectedCode, error.Code.Id);
        Assert.Equal(expectedConnections, server.AcceptedConnections);
        var waits = Retries * _context.Options.Retry.MaxDelay;
        var timeouts = hangs ? (Retries + 1) * ClientTestContext.AttemptTimeout : TimeSpan.Zero;
        Assert.InRange(_context.Clock.Advanced, timeouts, timeouts + waits);
        Assert.Equal(Retries, _context.Logs.Messages().Count(m => m.StartsWith("Retrying " + endpoint.ServerKey, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_server_that_drips_its_bytes_is_slow_but_succeeds_without_a_retry()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.DripBytes(TimeSpan.FromMilliseconds(10), chunkSize: 512) }));
        var server = site.RecordingServers[0];
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        var frame = await _context.Clock.DriveAsync(new ImageServerClient(_context.Connector()).GetFrameAsync(endpoint, server.Cameras[0].Id, VmsToken.FromMipSdk(site.Tokens.IssueVmsToken()), _context.Clock.GetUtcNow()), maxWaits: 10_000);

        Assert.True(frame.Frame!.IsJpeg);
        Assert.Equal(1, server.AcceptedConnections);
    }

    public void Dispose() => _context.Dispose();

    private async Task FireAttemptTimeoutsAsync(SimulatedServer server, Task connecting)
    {
        for (var attempt = 1; attempt <= Retries + 1; attempt++)
        {
            if (await Task.WhenAny(server.WaitForConnectionsAsync(attempt), connecting).WaitAsync(SignallingClock.StallLimit) == connecting)
            {
                return;
            }

            // The attempt is stuck in the handshake; its timeout fires when the clock reaches it.
            _context.Clock.Advance(ClientTestContext.AttemptTimeout);
        }
    }
}
