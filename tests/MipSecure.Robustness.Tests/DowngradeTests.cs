using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Http;
using MipSecure.Options;
using MipSecure.Resilience;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Robustness.Tests;

/// <summary>
/// Every way a server can offer plaintext where TLS was expected. The connector and the HTTP handler refuse with a MIPSEC4xxx
/// code and never send a plaintext byte (the server sees nothing but a TLS record); the prober reports the drift as an error.
/// </summary>
public sealed class DowngradeTests : IDisposable
{
    private const byte TlsHandshakeRecord = 0x16;
    private static readonly byte[] HandshakeFailureAlert = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };
    private readonly CertificateAuthority _root = CertificateAuthority.CreateRoot("Downgrade Root CA");
    private readonly MipSecureOptions _options = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(20),
        TotalTimeout = TimeSpan.FromSeconds(60),
        Retry = new RetrySettings { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) },
        Probe = new ProbeSettings { Timeout = TimeSpan.FromSeconds(20) },
    };

    /// <summary>Gets the plaintext answers a port can give to a TLS client hello.</summary>
    public static TheoryData<string> PlaintextAnswers => new() { "imageserver", "http", "alert-then-plaintext", "banner-first" };

    [Theory]
    [MemberData(nameof(PlaintextAnswers))]
    public async Task The_connector_refuses_a_plaintext_answer_on_an_https_endpoint(string answer)
    {
        await using var server = Script(answer);
        var endpoint = RecorderAt(server.Port);
        var operationRan = false;

        var error = await Assert.ThrowsAnyAsync<MipSecureConnectionException>(() => Connector().ExecuteAsync(endpoint, (stream, token) =>
        {
            operationRan = true;
            return new ValueTask<int>(0);
        }));

        AssertRefused(error.Code, answer);
        Assert.False(operationRan);
        await AssertOnlyTlsWasSentAsync(server);
    }

    [Theory]
    [MemberData(nameof(PlaintextAnswers))]
    public async Task The_http_handler_refuses_a_plaintext_answer_on_an_https_uri(string answer)
    {
        await using var server = Script(answer);
        using var client = new HttpClient(new SecureHttpHandler(Validator(), Resilience(), Overrides())) { Timeout = Timeout.InfiniteTimeSpan };

        var error = await Assert.ThrowsAnyAsync<MipSecureConnectionException>(() => client.GetAsync(new Uri($"https://rec1.contoso.local:{server.Port}/api/rest/v1/recordingServers")));

        Assert.Matches("^MIPSEC4\\d{3}$", error.Code.Id);
        await AssertOnlyTlsWasSentAsync(server);
    }

    [Theory]
    [MemberData(nameof(PlaintextAnswers))]
    public async Task The_prober_reports_a_plaintext_answer_on_an_https_endpoint_as_an_error(string answer)
    {
        await using var server = Script(answer);

        var result = await Prober().ProbeAsync(RecorderAt(server.Port));

        Assert.True(result.HasErrors, result.ToString());
        Assert.Contains(result.Findings, f => f.Severity == FindingSeverity.Error && f.Code.Category == MipSecCodeCategory.Connection);
        if (answer != "alert-then-plaintext")
        {
            Assert.Equal(ProbeOutcome.Mismatch, result.Outcome);
            Assert.True(result.Has(MipSecCodes.PlaintextOnEncryptedEndpoint), result.ToString());
        }
    }

    [Fact]
    public async Task A_recording_server_with_the_wrong_protocol_fault_is_refused_by_every_client_part()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .WithCertificateAuthority(_root)
            .AddRecordingServer(configure: d => d with { Fault = ServerFault.WrongProtocol() }));
        var recorder = site.RecordingServers.Single();
        var endpoint = new XProtectEndpoint(recorder.Uri, ServerRole.RecordingServer, recorder.Name);

        var connect = await Assert.ThrowsAnyAsync<MipSecureConnectionException>(() => Connector().ConnectAsync(endpoint));
        var connectAttempts = recorder.AcceptedConnections;
        var probe = await Prober().ProbeAsync(endpoint);

        Assert.Equal(MipSecCodes.PlaintextOnEncryptedEndpoint, connect.Code);
        Assert.Equal(1, connectAttempts);
        Assert.Equal(ProbeOutcome.Mismatch, probe.Outcome);
        Assert.True(probe.Has(MipSecCodes.PlaintextOnEncryptedEndpoint));
    }

    [Fact]
    public async Task An_http_uri_from_discovery_does_not_weaken_an_endpoint_configured_as_https()
    {
        // The site says Recorder 1 is unencrypted (discovery hands out http://); the integration is configured for https.
        await using var site = await SimulatedSite.StartAsync(b => b
            .WithCertificateAuthority(_root)
            .AddRecordingServer(configure: d => d with { Encrypted = false }));
        var recorder = site.RecordingServers.Single();
        Assert.Equal(Uri.UriSchemeHttp, recorder.Uri.Scheme);
        var configured = new XProtectEndpoint(new UriBuilder(recorder.Uri) { Scheme = Uri.UriSchemeHttps }.Uri, ServerRole.RecordingServer, recorder.Name);

        var connect = await Assert.ThrowsAnyAsync<MipSecureConnectionException>(() => Connector().ConnectAsync(configured));
        var probe = await Prober().ProbeAsync(configured);

        Assert.Equal(MipSecCodes.PlaintextOnEncryptedEndpoint, connect.Code);
        Assert.Equal(ProbeOutcome.Mismatch, probe.Outcome);
        Assert.True(probe.Has(MipSecCodes.PlaintextOnEncryptedEndpoint));
    }

    public void Dispose() => _root.Dispose();

    private static void AssertRefused(MipSecCode code, string answer)
    {
        // A TLS alert is a handshake failure (MIPSEC4012); any plaintext first byte is a downgrade attempt (MIPSEC4003).
        var expected = answer == "alert-then-plaintext" ? MipSecCodes.TlsHandshakeFailed : MipSecCodes.PlaintextOnEncryptedEndpoint;
        Assert.Equal(expected, code);
    }

    private static async Task AssertOnlyTlsWasSentAsync(ScriptedServer server)
    {
        await server.FirstBytesRecorded;
        Assert.NotEmpty(server.Received);
        Assert.All(server.Received, first => Assert.True(first.Length == 0 || first[0] == TlsHandshakeRecord, $"the client sent plaintext: {Encoding.ASCII.GetString(first)}"));
    }

    private static XProtectEndpoint RecorderAt(int port) => XProtectEndpoint.RecordingServer($"https://rec1.contoso.local:{port}/", "Recorder 1");

    private static ScriptedServer Script(string answer) => answer switch
    {
        "imageserver" => ScriptedServer.AnswerAfterFirstRead(Encoding.UTF8.GetBytes(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodresponse><requestid>1</requestid><methodname>connect</methodname><connected>yes</connected></methodresponse>\r\n\r\n")),
        "http" => ScriptedServer.AnswerAfterFirstRead(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request")),
        "alert-then-plaintext" => ScriptedServer.AnswerAfterFirstRead(HandshakeFailureAlert.Concat(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")).ToArray()),
        "banner-first" => ScriptedServer.BannerFirst(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello")),
        _ => throw new ArgumentOutOfRangeException(nameof(answer), answer, "Unknown answer."),
    };

    private static AddressOverrides Overrides() => new(new[] { new KeyValuePair<string, string>("rec1.contoso.local", "127.0.0.1") });

    private CertificateValidator Validator() => new(new TrustAnchorSet(new[] { _root.Certificate }));

    private ConnectionResilience Resilience() => new(_options, TimeProvider.System);

    private SecureConnector Connector() => new(Validator(), Resilience(), Overrides());

    private EncryptionProber Prober() => new(Validator(), _options.Probe, TimeProvider.System, Overrides());
}
