using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Tests.TestSupport;
using Xunit;

namespace MipSecure.Tests.Resilience;

/// <summary>A server has one resilience pipeline, whatever its traffic: its HTTP requests and its streams share one circuit breaker.</summary>
public sealed class SharedBreakerTests : IDisposable
{
    private const string Host = "rec1.contoso.local";
    private static readonly XProtectEndpoint Recorder = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/", "Recorder 1");

    private readonly ClientTestContext _context = new();

    [Fact]
    public async Task Failures_over_http_open_the_server_s_breaker_for_its_streams_too()
    {
        await using var server = StartFailingRecorder();
        var resilience = await FailTwiceOverHttpAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(Recorder.Uri, "status")).SetXProtectEndpoint(Recorder));

        var accepted = server.AcceptedCount;
        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Connector(resilience).ConnectAsync(Recorder));

        Assert.Equal("MIPSEC4006", error.Code.Id);
        Assert.Equal(accepted, server.AcceptedCount);
        Assert.Contains(_context.Logs.Messages(), m => m.StartsWith("MIPSEC4006: circuit opened for rec1.contoso.local:7563", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Another_port_of_the_same_host_has_a_breaker_of_its_own()
    {
        await using var server = StartFailingRecorder();
        var resilience = await FailTwiceOverHttpAsync(() => new HttpRequestMessage(HttpMethod.Get, new Uri(Recorder.Uri, "status")));
        var otherPort = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7564/", "Recorder 1");

        using var stream = await _context.Connector(resilience).ConnectAsync(otherPort).WaitAsync(SignallingClock.StallLimit);

        Assert.True(stream.CanRead);
    }

    public void Dispose() => _context.Dispose();

    // The recorder's host, on a loopback TLS server that answers every HTTP request 503; the breaker opens after two failures.
    private LoopbackServer StartFailingRecorder()
    {
        _context.Options.Retry.MaxRetryAttempts = 0;
        _context.Options.CircuitBreaker.MinimumThroughput = 2;
        _context.Options.CircuitBreaker.FailureRatio = 0.5;
        var http = new TinyHttpServer { Fallback = TinyHttpServer.Response(503, "{}") };
        var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, http.ServeAsync);
        _context.Map(Host, server);
        return server;
    }

    // Sends two requests through the "MipSecure" handler, each answered 503, and returns the pipelines they went through.
    private async Task<ConnectionResilience> FailTwiceOverHttpAsync(Func<HttpRequestMessage> request)
    {
        var resilience = _context.Resilience();
        using var client = _context.HttpClient(resilience);
        for (var i = 0; i < 2; i++)
        {
            using var message = request();
            using var response = await client.SendAsync(message).WaitAsync(SignallingClock.StallLimit);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        return resilience;
    }
}
