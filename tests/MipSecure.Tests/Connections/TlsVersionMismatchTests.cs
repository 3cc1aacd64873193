using System;
using System.Linq;
using System.Security.Authentication;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Tests.TestSupport;
using Xunit;

namespace MipSecure.Tests.Connections;

/// <summary>
/// A server with no TLS version in common with the client is MIPSEC4041, naming the versions the server offers. The loopback
/// server offers TLS 1.2 only and the client TLS 1.3 only: a real mismatch on any machine that has both.
/// </summary>
public sealed class TlsVersionMismatchTests : IDisposable
{
    private const string Host = "rec1.contoso.local";
    private static readonly XProtectEndpoint Recorder = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/", "Recorder 1");

    private readonly ClientTestContext _context = new() { TlsVersions = SslProtocols.Tls13 };

    [Fact]
    public async Task The_connector_names_the_versions_the_server_offers_and_does_not_retry()
    {
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, (_, _) => Task.CompletedTask, SslProtocols.Tls12);
        _context.Map(Host, server);

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(_context.Connector().ConnectAsync(Recorder)));

        Assert.Equal("MIPSEC4041", error.Code.Id);
        Assert.False(error.IsTransient);
        Assert.Contains("the server offers TLS 1.2 only, and this client offers TLS 1.3 only", error.Message, StringComparison.Ordinal);
        Assert.Contains("MipSecure:TlsVersions", error.Remedy, StringComparison.Ordinal);

        // The attempt and one follow-up handshake per version (TLS 1.3 down to 1.0); never a retry.
        Assert.Equal(5, server.AcceptedCount);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
    }

    [Fact]
    public async Task The_prober_reports_the_same_finding()
    {
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, (_, _) => Task.CompletedTask, SslProtocols.Tls12);
        _context.Map(Host, server);

        var result = await _context.Prober().ProbeAsync(Recorder).WaitAsync(SignallingClock.StallLimit);

        var finding = Assert.Single(result.Findings, f => f.Code.Id == "MIPSEC4041");
        Assert.Contains("the server offers TLS 1.2 only", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Findings, f => f.Code.Id == "MIPSEC4012");
    }

    [Fact]
    public async Task A_version_both_sides_offer_is_no_mismatch()
    {
        _context.TlsVersions = SslProtocols.Tls12 | SslProtocols.Tls13;
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, (_, _) => Task.CompletedTask, SslProtocols.Tls12);
        _context.Map(Host, server);

        using var stream = await _context.Clock.DriveAsync(_context.Connector().ConnectAsync(Recorder));

        Assert.Equal(1, server.AcceptedCount);
    }

    public void Dispose() => _context.Dispose();
}
