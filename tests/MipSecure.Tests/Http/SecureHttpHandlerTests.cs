using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Pki;
using MipSecure.Tests.TestSupport;
using Xunit;

namespace MipSecure.Tests.Http;

public sealed class SecureHttpHandlerTests : IDisposable
{
    private const string Host = "mgmt.contoso.local";
    private static readonly Uri Address = new("https://mgmt.contoso.local/api/.well-known/uris");

    private readonly ClientTestContext _context = new();

    [Fact]
    public async Task Requests_go_over_validated_tls_to_the_overridden_address_with_the_host_name_kept()
    {
        var http = new TinyHttpServer().Then(TinyHttpServer.Response(200, "{\"ProductVersion\":\"25.2\"}"));
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, http.ServeAsync);
        _context.Map(Host, server);
        using var client = _context.HttpClient();

        using var response = await client.GetAsync(Address);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"ProductVersion\":\"25.2\"}", await response.Content.ReadAsStringAsync());
        var head = Assert.Single(http.RequestHeads);
        Assert.Contains("Host: mgmt.contoso.local", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_untrusted_certificate_surfaces_its_code_after_one_connection()
    {
        using var stranger = CertificateAuthority.CreateRoot("Fabrikam Root CA", _context.Clock);
        await using var server = LoopbackServer.Tls(stranger.IssueServerCertificate(Host), Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), new TinyHttpServer().ServeAsync);
        _context.Map(Host, server);
        using var client = _context.HttpClient();

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => _context.Clock.DriveAsync(client.GetAsync(Address)));

        Assert.Equal("MIPSEC1001", error.Code.Id);
        Assert.Equal(1, server.AcceptedCount);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
    }

    [Fact]
    public async Task Service_unavailable_is_retried_after_the_server_s_retry_after()
    {
        var http = new TinyHttpServer()
            .Then(TinyHttpServer.Response(503, "{}", "Retry-After: 3"))
            .Then(TinyHttpServer.Response(503, "{}", "Retry-After: 3"))
            .Then(TinyHttpServer.Response(200, "{\"ok\":true}"));
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, http.ServeAsync);
        _context.Map(Host, server);
        using var client = _context.HttpClient();

        using var response = await _context.Clock.DriveAsync(client.GetAsync(Address));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, http.RequestHeads.Count);
        Assert.Equal(TimeSpan.FromSeconds(6), _context.Clock.Advanced);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Authorization_failures_are_returned_untouched_and_never_retried(int status)
    {
        var http = new TinyHttpServer { Fallback = TinyHttpServer.Response(status, "{}") };
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, http.ServeAsync);
        _context.Map(Host, server);
        using var client = _context.HttpClient();

        using var response = await _context.Clock.DriveAsync(client.GetAsync(Address));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Single(http.RequestHeads);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
    }

    [Fact]
    public async Task Plaintext_http_on_an_https_address_is_refused_after_one_connection()
    {
        await using var server = LoopbackServer.Plaintext(async (stream, token) =>
        {
            _ = await stream.ReadAsync(new byte[512], token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(TinyHttpServer.Response(400, "plain")), token);
        });
        _context.Map(Host, server);
        using var client = _context.HttpClient();

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(client.GetAsync(Address)));

        // .NET 8+ sees the plaintext answer (MIPSEC4003); HttpClientHandler on netstandard2.0 only sees a failed handshake (MIPSEC4012).
        Assert.Contains(error.Code.Id, new[] { "MIPSEC4003", "MIPSEC4012" });
        Assert.False(error.IsTransient);
        Assert.Equal(1, server.AcceptedCount);
    }

    [Fact]
    public async Task Refused_connections_are_retried_then_reported_with_their_code()
    {
        _context.Options.Retry.MaxRetryAttempts = 2;
        using var refusing = new RefusingPort();
        _context.Overrides[Host] = refusing.Address;
        using var client = _context.HttpClient();

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(client.GetAsync(Address)));

        Assert.Equal("MIPSEC4001", error.Code.Id);
        Assert.Equal(2, _context.Logs.Messages().Count(m => m.StartsWith("Retrying mgmt.contoso.local:443", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_an_answer_is_honoured()
    {
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, async (stream, token) =>
        {
            // Read the request, then never answer.
            while (await stream.ReadAsync(new byte[1024], token) > 0)
            {
            }
        });
        _context.Map(Host, server);
        using var client = _context.HttpClient();
        using var cancellation = new System.Threading.CancellationTokenSource();
        var accepted = server.NextConnection;

        var request = client.GetAsync(Address, cancellation.Token);
        await accepted.WaitAsync(SignallingClock.StallLimit);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
    }

    [Fact]
    public async Task Cancellation_during_a_retry_after_wait_is_honoured()
    {
        var http = new TinyHttpServer { Fallback = TinyHttpServer.Response(503, "{}", "Retry-After: 20") };
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, http.ServeAsync);
        _context.Map(Host, server);
        using var client = _context.HttpClient();
        using var cancellation = new System.Threading.CancellationTokenSource();

        var request = client.GetAsync(Address, cancellation.Token);
        var waiting = await Task.WhenAny(request, _context.Clock.NextShortTimer()).WaitAsync(SignallingClock.StallLimit);
        Assert.NotSame(request, waiting);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        Assert.Single(http.RequestHeads);
    }

    public void Dispose() => _context.Dispose();
}
