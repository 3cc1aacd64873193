using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Tests.Connections;

/// <summary>Every part takes an <see cref="ICertificateValidator"/>, so the caching validator can judge its handshakes.</summary>
public sealed class ValidatorChoiceTests : System.IDisposable
{
    private const string Host = "rec1.contoso.local";
    private static readonly XProtectEndpoint Recorder = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/", "Recorder 1");

    private readonly ClientTestContext _context = new();

    [Fact]
    public async Task A_caching_validator_is_taken_and_judges_every_handshake()
    {
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, (_, _) => Task.CompletedTask);
        _context.Map(Host, server);
        var caching = new CachingCertificateValidator(_context.Validator());
        var connector = new SecureConnector(caching, _context.Resilience(), new AddressOverrides(_context.Overrides));
        Assert.Equal(0, caching.Count);

        var prober = new MipSecure.Discovery.EncryptionProber(caching, _context.Options.Probe, _context.Clock, new AddressOverrides(_context.Overrides));

        (await connector.ConnectAsync(Recorder)).Dispose();
        (await connector.ConnectAsync(Recorder)).Dispose();
        var probe = await prober.ProbeAsync(Recorder).WaitAsync(SignallingClock.StallLimit);

        // Three handshakes, one chain verified and kept.
        Assert.True(probe.Report!.IsTrusted);
        Assert.Equal(1, caching.Count);
        Assert.Equal(3, server.AcceptedCount);
    }

    public void Dispose() => _context.Dispose();
}
