using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Pki;
using MipSecure.Tests.TestSupport;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Tests.Connections;

/// <summary>What an operator reads when a connection fails: code, whether it was retried, message and help link.</summary>
public sealed class FailureMessageSnapshotTests : IDisposable
{
    private const string Host = "rec1.contoso.local";
    private static readonly XProtectEndpoint Recorder = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/", "Recorder 1");
    private readonly ClientTestContext _context = new();

    [Fact]
    public async Task Connection_failures_read_the_same_every_time()
    {
        _context.Options.Retry.MaxRetryAttempts = 0;
        using var stranger = CertificateAuthority.CreateRoot("Fabrikam Root CA", _context.Clock);
        var text = new StringBuilder();
        var scenarios = new List<(string Name, Func<LoopbackServer?> Start)>
        {
            ("untrusted CA", () => LoopbackServer.Tls(stranger.IssueServerCertificate(Host), Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(), (_, _) => Task.CompletedTask)),
            ("wrong host", () => LoopbackServer.Tls(_context.ServerCertificate("rec2.contoso.local"), _context.Chain, (_, _) => Task.CompletedTask)),
            ("plaintext on https", () => LoopbackServer.Plaintext(async (stream, token) =>
            {
                _ = await stream.ReadAsync(new byte[512], token);
                await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"), token);
            })),
            ("refused", () => null),
        };

        using var refusing = new RefusingPort();
        foreach (var (name, start) in scenarios)
        {
            await using var server = start();
            _context.Overrides[Host] = server?.Address ?? refusing.Address;
            var error = await Assert.ThrowsAnyAsync<MipSecureConnectionException>(() => _context.Connector().ConnectAsync(Recorder));
            text.Append("## ").Append(name).Append('\n')
                .Append(error.Code.Id).Append(error.IsTransient ? " (transient)" : " (not retried)").Append('\n')
                .Append(error.Message).Append('\n')
                .Append(error.HelpLink).Append("\n\n");
        }

        Snapshot.Verify(text.ToString());
    }

    public void Dispose() => _context.Dispose();
}
