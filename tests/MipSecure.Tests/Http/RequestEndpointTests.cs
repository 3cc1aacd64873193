using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Pki;
using MipSecure.Tests.TestSupport;
using MipSecure.Trust;
using Xunit;

namespace MipSecure.Tests.Http;

/// <summary>Each request carries its server; the handler names it and keeps its evidence apart from every other server's.</summary>
public sealed class RequestEndpointTests : IDisposable
{
    private const string Host = "mgmt.contoso.local";

    private readonly ClientTestContext _context = new();
    private readonly MetricsRecorder _metrics;

    public RequestEndpointTests()
    {
        _metrics = new MetricsRecorder(_context.Metrics);
    }

    [Fact]
    public async Task Two_ports_of_one_host_are_two_servers_whose_certificates_never_mix()
    {
        var shortLived = _context.Issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host }, NotAfterOffset = TimeSpan.FromDays(100) });
        var longLived = _context.Issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host }, NotAfterOffset = TimeSpan.FromDays(200) });
        await using var second = LoopbackServer.Tls(longLived, _context.Chain, new TinyHttpServer().ServeAsync);
        var secondConnected = second.NextConnection;

        // The first port answers its handshake only once the second port's connection is open: both handshakes overlap.
        await using var first = LoopbackServer.Tls(shortLived, _context.Chain, new TinyHttpServer().ServeAsync, beforeHandshake: () => secondConnected);
        _context.Overrides[Host + ":7001"] = first.Address;
        _context.Overrides[Host + ":7002"] = second.Address;
        using var client = _context.HttpClient();

        var firstAccepted = first.NextConnection;
        var toFirst = client.GetAsync(new Uri("https://mgmt.contoso.local:7001/api/rest/v1/sites"));
        await firstAccepted.WaitAsync(SignallingClock.StallLimit);
        var toSecond = client.GetAsync(new Uri("https://mgmt.contoso.local:7002/api/rest/v1/sites"));
        using var firstResponse = await toFirst.WaitAsync(SignallingClock.StallLimit);
        using var secondResponse = await toSecond.WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        var daysLeft = _metrics.Observe("mipsecure.certificate.expiry")
            .GroupBy(m => (string)m.Tags["server"]!)
            .ToDictionary(g => g.Key, g => TimeSpan.FromSeconds(g.Last().Value).TotalDays);
        Assert.InRange(daysLeft["mgmt.contoso.local:7001"], 99, 101);
        Assert.InRange(daysLeft["mgmt.contoso.local:7002"], 199, 201);
    }

    [Fact]
    public async Task A_failure_names_the_server_the_request_carries_not_one_guessed_from_the_port()
    {
        using var stranger = CertificateAuthority.CreateRoot("Fabrikam Root CA", _context.Clock);
        await using var server = LoopbackServer.Tls(stranger.IssueServerCertificate(Host), Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), new TinyHttpServer().ServeAsync);
        _context.Map(Host, server);
        using var client = _context.HttpClient();

        // Port 443 is the management server's by convention; this request says it is for a recording server.
        var recorder = new XProtectEndpoint(new Uri("https://mgmt.contoso.local/"), ServerRole.RecordingServer, "Recorder 1");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("https://mgmt.contoso.local/recorderstatus")).SetXProtectEndpoint(recorder);
        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => _context.Clock.DriveAsync(client.SendAsync(request)));

        Assert.Equal("MIPSEC1001", error.Code.Id);
        Assert.Same(recorder, error.Endpoint);
        Assert.Contains("recording server 'Recorder 1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_http_address_on_a_tls_port_is_named_as_such_and_never_retried()
    {
        _context.Options.Retry.MaxRetryAttempts = 3;
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, new TinyHttpServer().ServeAsync);
        _context.Map(Host, server);
        using var client = _context.HttpClient();

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(
            () => _context.Clock.DriveAsync(client.GetAsync(new Uri("http://mgmt.contoso.local/api/.well-known/uris"))));

        Assert.Equal("MIPSEC4004", error.Code.Id);
        Assert.False(error.IsTransient);
        Assert.Contains("speaks TLS", error.Message, StringComparison.Ordinal);

        // The request's own connection and the one TLS hello that recognised the port: no retry, no wait. HttpClientHandler
        // (netstandard2.0) tries a new connection that closed before any answer three more times by itself, out of reach.
#if MIPSECURE_NETSTANDARD
        Assert.Equal(5, server.AcceptedCount);
#else
        Assert.Equal(2, server.AcceptedCount);
#endif
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
        Assert.DoesNotContain(_context.Logs.Messages(), m => m.StartsWith("Retrying", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _context.Dispose();
    }
}
