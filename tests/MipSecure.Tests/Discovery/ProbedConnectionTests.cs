using System;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Tests.Connections;
using MipSecure.Tests.TestSupport;
using MipSecure.Trust;
using Xunit;

namespace MipSecure.Tests.Discovery;

/// <summary>The probe hands on its validated connection only when the server was judged clean, so the audit can prove the login over it.</summary>
public sealed class ProbedConnectionTests : IDisposable
{
    private readonly ClientTestContext _context = new();

    public ProbedConnectionTests() => _context.Options.Probe.Timeout = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task A_trusted_recorder_leaves_one_open_connection_that_still_speaks_ImageServer()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer());
        var server = site.RecordingServers.Single();

        var probed = await _context.Prober().ProbeKeepingConnectionAsync(Endpoint(server), default).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(ProbeOutcome.Encrypted, probed.Result.Outcome);
        Assert.NotNull(probed.Connection);
        using (var connection = probed.Connection!)
        {
            var request = Encoding.ASCII.GetBytes(EncryptionProber.ImageServerProbeRequest);
            await connection.WriteAsync(request).AsTask().WaitAsync(SignallingClock.StallLimit);
            var answer = new byte[1];
            Assert.Equal(1, await connection.ReadAsync(answer).AsTask().WaitAsync(SignallingClock.StallLimit));
            Assert.Equal((byte)'<', answer[0]);
        }

        Assert.Equal(1, server.AcceptedConnections);
    }

    [Theory]
    [InlineData("untrusted certificate", ProbeOutcome.Encrypted, true)]
    [InlineData("wrong host", ProbeOutcome.Encrypted, true)]
    [InlineData("plaintext", ProbeOutcome.Plaintext, false)]
    [InlineData("https configured, plaintext spoken", ProbeOutcome.Mismatch, true)]
    public async Task No_connection_is_handed_on_when_the_probe_was_not_clean(string kind, ProbeOutcome outcome, bool hasErrors)
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => kind switch
        {
            "untrusted certificate" => d with { CertificateProfile = CertificateProfile.UntrustedCa },
            "wrong host" => d with { CertificateProfile = CertificateProfile.WrongHost },
            "plaintext" => d with { Encrypted = false },
            _ => d with { Fault = ServerFault.WrongProtocol() },
        }));
        var server = site.RecordingServers.Single();

        var probed = await _context.Prober().ProbeKeepingConnectionAsync(Endpoint(server), default).WaitAsync(SignallingClock.StallLimit);

        Assert.Null(probed.Connection);
        Assert.Equal(outcome, probed.Result.Outcome);
        Assert.Equal(hasErrors, probed.Result.HasErrors);
    }

    public void Dispose() => _context.Dispose();

    private static XProtectEndpoint Endpoint(SimulatedServer server) => new(server.Uri, ServerRole.RecordingServer, server.Name);
}
