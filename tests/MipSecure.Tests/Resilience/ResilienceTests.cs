using System;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Pki;
using MipSecure.Tests.Connections;
using MipSecure.Tests.TestSupport;
using Xunit;

namespace MipSecure.Tests.Resilience;

public sealed class ResilienceTests : IDisposable
{
    private const string Host = "rec1.contoso.local";
    private static readonly XProtectEndpoint Recorder = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/", "Recorder 1");

    private readonly ClientTestContext _context;
    private readonly MetricsRecorder _metrics;

    public ResilienceTests()
    {
        _context = new ClientTestContext();
        _metrics = new MetricsRecorder(_context.Metrics);
    }

    [Fact]
    public async Task Refused_connections_are_retried_as_configured_with_growing_delays_then_reported()
    {
        _context.Options.Retry.MaxRetryAttempts = 4;
        using var refusing = new RefusingPort();
        _context.Overrides[Host] = refusing.Address;
        var connector = _context.Connector();

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(connector.ConnectAsync(Recorder)));

        Assert.Equal("MIPSEC4001", error.Code.Id);
        Assert.True(error.IsTransient);
        Assert.Equal(4, _context.Logs.Messages().Count(m => m.StartsWith("Retrying rec1.contoso.local:7563", StringComparison.Ordinal)));
        Assert.Equal(4, _metrics.Sum("mipsecure.connection.retries", "server", "rec1.contoso.local:7563"));
        Assert.Equal(5, _metrics.Sum("mipsecure.connection.attempts", "outcome", "MIPSEC4001"));

        // Exponential backoff from 1 s with jitter, capped at 30 s: four waits stay within the cap's sum and are never zero.
        Assert.InRange(_context.Clock.Advanced, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4 * 30));
    }

    [Fact]
    public async Task A_server_that_accepts_and_hangs_is_retried_after_each_attempt_timeout_and_reported_as_timed_out()
    {
        _context.Options.Retry.MaxRetryAttempts = 2;
        await using var server = LoopbackServer.Hanging();
        _context.Map(Host, server);
        var accepted = server.NextConnection;
        var connecting = _context.Connector().ConnectAsync(Recorder);

        // Each attempt hangs in the TLS handshake until its timeout fires on the fake clock.
        var firing = Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                if (await Task.WhenAny(accepted, connecting).WaitAsync(SignallingClock.StallLimit) == connecting)
                {
                    return;
                }

                // The next attempt cannot start before this one times out, so re-arming here misses nothing.
                accepted = server.NextConnection;
                _context.Clock.Advance(ClientTestContext.AttemptTimeout);
            }
        });

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(connecting));
        await firing;

        Assert.Equal("MIPSEC4005", error.Code.Id);
        Assert.Equal(3, server.AcceptedCount);
        Assert.InRange(_context.Clock.Advanced, 3 * ClientTestContext.AttemptTimeout, (3 * ClientTestContext.AttemptTimeout) + TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task The_total_timeout_bounds_every_retry_together()
    {
        _context.Options.Retry.MaxRetryAttempts = 20;
        _context.Options.Retry.BaseDelay = TimeSpan.FromSeconds(20);
        _context.Options.TotalTimeout = TimeSpan.FromSeconds(50);
        using var refusing = new RefusingPort();
        _context.Overrides[Host] = refusing.Address;

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(_context.Connector().ConnectAsync(Recorder)));

        Assert.Equal("MIPSEC4005", error.Code.Id);
        Assert.True(_context.Clock.Advanced <= TimeSpan.FromSeconds(50) + TimeSpan.FromSeconds(30), $"advanced {_context.Clock.Advanced}");
    }

    [Fact]
    public async Task Image_server_retry_later_is_retried_and_then_succeeds()
    {
        var recorder = new FakeImageServer().RefuseNext("Server busy, retry later", times: 2);
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, recorder.ServeAsync);
        _context.Map(Host, server);
        var client = new ImageServerClient(_context.Connector());

        var result = await _context.Clock.DriveAsync(client.GetFrameAsync(Recorder, Guid.NewGuid(), VmsToken.FromMipSdk("t"), DateTimeOffset.UnixEpoch));

        Assert.True(result.Frame!.IsJpeg);
        Assert.Equal(3, recorder.ConnectRequests);
        Assert.Equal(2, _metrics.Sum("mipsecure.connection.retries", "reason", "MIPSEC4008"));
    }

    [Theory]
    [InlineData("No token supplied", "MIPSEC4016", ImageServerRefusalKind.TokenRejected)]
    [InlineData("Token expired", "MIPSEC4016", ImageServerRefusalKind.TokenRejected)]
    [InlineData("Camera not found", "MIPSEC4017", ImageServerRefusalKind.UnknownCamera)]
    [InlineData("Access denied to this camera", "MIPSEC4018", ImageServerRefusalKind.NoPermission)]
    [InlineData("License limit reached", "MIPSEC4019", ImageServerRefusalKind.Other)]
    public async Task Image_server_refusals_other_than_busy_are_never_retried(string reason, string code, ImageServerRefusalKind kind)
    {
        var recorder = new FakeImageServer().RefuseNext(reason, times: 5);
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, recorder.ServeAsync);
        _context.Map(Host, server);
        var client = new ImageServerClient(_context.Connector());

        var error = await Assert.ThrowsAsync<ImageServerException>(() => _context.Clock.DriveAsync(client.GetFrameAsync(Recorder, Guid.NewGuid(), VmsToken.FromMipSdk("t"), DateTimeOffset.UnixEpoch)));

        Assert.Equal(code, error.Code.Id);
        Assert.Equal(kind, error.Kind);
        Assert.Equal(reason, error.ServerReason);
        Assert.Equal(kind == ImageServerRefusalKind.TokenRejected, error.Remedy.Contains("VMS token", StringComparison.Ordinal));
        Assert.DoesNotContain("log in again for", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, recorder.ConnectRequests);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_transient_failures_and_says_so()
    {
        _context.Options.Retry.MaxRetryAttempts = 0;
        _context.Options.CircuitBreaker.MinimumThroughput = 2;
        _context.Options.CircuitBreaker.FailureRatio = 0.5;
        using var refusing = new RefusingPort();
        _context.Overrides[Host] = refusing.Address;
        var connector = _context.Connector();

        var first = await Assert.ThrowsAsync<MipSecureConnectionException>(() => connector.ConnectAsync(Recorder));
        var second = await Assert.ThrowsAsync<MipSecureConnectionException>(() => connector.ConnectAsync(Recorder));
        var third = await Assert.ThrowsAsync<MipSecureConnectionException>(() => connector.ConnectAsync(Recorder));

        Assert.Equal(new[] { "MIPSEC4001", "MIPSEC4001", "MIPSEC4006" }, new[] { first.Code.Id, second.Code.Id, third.Code.Id });
        Assert.Contains(_context.Logs.Messages(), m => m.StartsWith("MIPSEC4006: circuit opened for rec1.contoso.local:7563", StringComparison.Ordinal));
        Assert.Equal(1, _metrics.Sum("mipsecure.circuit.transitions", "state", "open"));

        // After the break, one trial goes through again.
        _context.Clock.Advance(_context.Options.CircuitBreaker.BreakDuration);
        var fourth = await Assert.ThrowsAsync<MipSecureConnectionException>(() => connector.ConnectAsync(Recorder));
        Assert.Equal("MIPSEC4001", fourth.Code.Id);
    }

    [Fact]
    public async Task Trust_failures_never_count_toward_the_circuit_breaker()
    {
        _context.Options.CircuitBreaker.MinimumThroughput = 2;
        _context.Options.CircuitBreaker.FailureRatio = 0.1;
        using var stranger = CertificateAuthority.CreateRoot("Fabrikam Root CA", _context.Clock);
        await using var server = LoopbackServer.Tls(stranger.IssueServerCertificate(Host), Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), (_, _) => Task.CompletedTask);
        _context.Map(Host, server);
        var connector = _context.Connector();

        for (var i = 0; i < 6; i++)
        {
            var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => _context.Clock.DriveAsync(connector.ConnectAsync(Recorder)));
            Assert.Equal("MIPSEC1001", error.Code.Id);
        }

        Assert.Equal(6, server.AcceptedCount);
        Assert.Equal(6, _metrics.Sum("mipsecure.trust.failures", "code", "MIPSEC1001"));
        Assert.Equal(0, _metrics.Sum("mipsecure.circuit.transitions"));
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _context.Dispose();
    }
}
