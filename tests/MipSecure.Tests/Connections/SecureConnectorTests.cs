using System;
using System.IO;
using System.Linq;
using System.Net.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Pki;
using MipSecure.Tests.TestSupport;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Tests.Connections;

/// <summary>Runs alone: the leak test counts the whole process's file descriptors, which parallel tests would move.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DescriptorCountingGroup
{
    public const string Name = "Descriptor counting";
}

[Collection(DescriptorCountingGroup.Name)]
public sealed class SecureConnectorTests : IDisposable
{
    private const string Host = "rec1.contoso.local";
    private static readonly XProtectEndpoint EncryptedRecorder = XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/", "Recorder 1");
    private static readonly XProtectEndpoint PlainRecorder = XProtectEndpoint.RecordingServer("http://rec1.contoso.local:7563/", "Recorder 1");

    private readonly ClientTestContext _context = new();

    [Fact]
    public async Task Retrieves_a_jpeg_frame_over_tls_from_an_encrypted_recording_server()
    {
        var recorder = new FakeImageServer();
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, recorder.ServeAsync);
        _context.Map(Host, server);
        var client = new ImageServerClient(_context.Connector());
        var at = new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

        var frame = (await client.GetFrameAsync(EncryptedRecorder, Guid.NewGuid(), VmsToken.FromMipSdk("token-123"), at)).Frame!;

        Assert.True(frame.IsJpeg);
        Assert.Equal("image/jpeg", frame.ContentType);
        Assert.Equal(FakeImageServer.Jpeg, frame.Data);
        Assert.Equal(at, frame.Timestamp);
        Assert.Equal("token-123", recorder.LastToken);
        Assert.Equal(1, server.AcceptedCount);
    }

    [Fact]
    public async Task Connects_in_plaintext_only_when_the_uri_says_http()
    {
        var recorder = new FakeImageServer();
        await using var server = LoopbackServer.Plaintext(recorder.ServeAsync);
        _context.Map(Host, server);

        await using var stream = await _context.Connector().ConnectAsync(PlainRecorder);

        Assert.IsNotType<SslStream>(stream);
        await new ImageServerSession(stream, PlainRecorder).ConnectAsync(Guid.NewGuid(), VmsToken.FromMipSdk("t"));
        Assert.Equal(1, recorder.ConnectRequests);
    }

    [Fact]
    public async Task Tls_stream_is_authenticated_with_the_host_name_as_sni()
    {
        string? sniSeen = null;
        var certificate = _context.ServerCertificate(Host);
        var context = SslStreamCertificateContext.Create(certificate, new System.Security.Cryptography.X509Certificates.X509Certificate2Collection(_context.Chain), offline: true);
        await using var server = LoopbackServer.Plaintext(async (network, token) =>
        {
            await using var ssl = new SslStream(network);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, token);
            sniSeen = ssl.TargetHostName;
            await ssl.WriteAsync(new byte[] { 1 }, token);
        });
        _context.Map(Host, server);

        await using var stream = await _context.Connector().ConnectAsync(EncryptedRecorder);
        var ssl = Assert.IsType<SslStream>(stream);
        Assert.Equal(1, await stream.ReadAsync(new byte[1]));
        Assert.True(ssl.IsAuthenticated);
        Assert.Equal(Host, sniSeen);
    }

    public static TheoryData<string, string> TrustFailures => new()
    {
        { "untrusted-ca", "MIPSEC1001" },
        { "self-signed", "MIPSEC1001" },
        { "wrong-host", "MIPSEC1002" },
        { "expired", "MIPSEC1004" },
        { "not-yet-valid", "MIPSEC1005" },
        { "client-auth-only", "MIPSEC1007" },
    };

    [Theory]
    [MemberData(nameof(TrustFailures))]
    public async Task Each_trust_failure_surfaces_its_code_after_exactly_one_attempt(string certificateKind, string expectedCode)
    {
        using var stranger = CertificateAuthority.CreateRoot("Fabrikam Root CA", _context.Clock);
        var certificate = certificateKind switch
        {
            "untrusted-ca" => stranger.IssueServerCertificate(Host),
            "self-signed" => CertificateAuthority.CreateSelfSigned(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host } }, _context.Clock),
            "wrong-host" => _context.ServerCertificate("rec2.contoso.local"),
            "expired" => _context.Issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host }, NotBeforeOffset = TimeSpan.FromDays(-400), NotAfterOffset = TimeSpan.FromDays(-1) }),
            "not-yet-valid" => _context.Issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host }, NotBeforeOffset = TimeSpan.FromDays(2), NotAfterOffset = TimeSpan.FromDays(300) }),
            "client-auth-only" => _context.Issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host }, ExtendedKeyUsages = new[] { "1.3.6.1.5.5.7.3.2" } }),
            _ => throw new ArgumentOutOfRangeException(nameof(certificateKind)),
        };
        await using var server = LoopbackServer.Tls(certificate, _context.Chain, (_, _) => Task.CompletedTask);
        _context.Map(Host, server);
        var connector = _context.Connector();

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => _context.Clock.DriveAsync(connector.ConnectAsync(EncryptedRecorder)));

        Assert.Equal(expectedCode, error.Code.Id);
        Assert.True(error.Report.Has(error.Code));
        Assert.False(error.IsTransient);
        Assert.StartsWith(expectedCode + ":", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, server.AcceptedCount);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
        Assert.DoesNotContain(_context.Logs.Messages(), m => m.StartsWith("Retrying", StringComparison.Ordinal));
        Assert.Contains(_context.Logs.Messages(), m => m.StartsWith(expectedCode + ": certificate of", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("<?xml version=\"1.0\"?><methodresponse><connected>no</connected></methodresponse>\r\n\r\n")]
    public async Task A_plaintext_answer_on_an_https_endpoint_is_refused_not_downgraded(string plaintextAnswer)
    {
        await using var server = LoopbackServer.Plaintext(async (stream, token) =>
        {
            _ = await stream.ReadAsync(new byte[512], token);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(plaintextAnswer), token);
        });
        _context.Map(Host, server);
        var connector = _context.Connector();

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(connector.ConnectAsync(EncryptedRecorder)));

        Assert.Equal("MIPSEC4003", error.Code.Id);
        Assert.False(error.IsTransient);
        Assert.Equal(1, server.AcceptedCount);
    }

    [Fact]
    public async Task The_address_override_dials_the_address_but_checks_the_certificate_against_the_host_name()
    {
        // The certificate names the host, not 127.0.0.1: it must still be trusted, because the host is what was dialled.
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, (_, _) => Task.CompletedTask);
        _context.Overrides[Host + ":7563"] = server.Address;

        await using var stream = await _context.Connector().ConnectAsync(EncryptedRecorder);

        Assert.IsType<SslStream>(stream);
    }

    [Fact]
    public async Task A_host_that_does_not_resolve_is_reported_with_its_code()
    {
        var endpoint = XProtectEndpoint.RecordingServer("https://rec9.invalid:7563/");
        _context.Options.Retry.MaxRetryAttempts = 0;

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Connector().ConnectAsync(endpoint));

        Assert.Equal("MIPSEC4002", error.Code.Id);
    }

    [Fact]
    public async Task A_pre_cancelled_token_stops_before_dialling()
    {
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, (_, _) => Task.CompletedTask);
        _context.Map(Host, server);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _context.Connector().ConnectAsync(EncryptedRecorder, cancelled.Token));

        Assert.Equal(0, server.AcceptedCount);
    }

    [Fact]
    public async Task Cancellation_during_the_tls_handshake_is_honoured()
    {
        await using var server = LoopbackServer.Hanging();
        _context.Map(Host, server);
        using var cancellation = new CancellationTokenSource();
        var accepted = server.NextConnection;

        var connecting = _context.Connector().ConnectAsync(EncryptedRecorder, cancellation.Token);
        await accepted.WaitAsync(SignallingClock.StallLimit);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
        Assert.Equal(1, server.AcceptedCount);
    }

    [Fact]
    public async Task Cancellation_during_a_retry_delay_is_honoured()
    {
        var endpoint = EncryptedRecorder;
        using var refusing = new RefusingPort();
        _context.Overrides[Host] = refusing.Address;
        using var cancellation = new CancellationTokenSource();
        var connecting = _context.Connector().ConnectAsync(endpoint, cancellation.Token);

        // Wait until the first retry delay has started, then cancel instead of letting the clock move.
        var waiting = await Task.WhenAny(connecting, _context.Clock.NextShortTimer()).WaitAsync(SignallingClock.StallLimit);
        Assert.NotSame(connecting, waiting);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => connecting);
        Assert.Equal(TimeSpan.Zero, _context.Clock.Advanced);
    }

    [Fact]
    public async Task Cancellation_while_waiting_for_an_image_is_honoured()
    {
        var certificate = _context.ServerCertificate(Host);
        var connectAnswered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = LoopbackServer.Tls(certificate, _context.Chain, async (stream, token) =>
        {
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer, token);
            await stream.WriteAsync(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><methodresponse><requestid>1</requestid><connected>yes</connected></methodresponse>\r\n\r\n"), token);
            connectAnswered.TrySetResult();
            while (await stream.ReadAsync(buffer, token) > 0)
            {
            }
        });
        _context.Map(Host, server);
        using var cancellation = new CancellationTokenSource();
        var client = new ImageServerClient(_context.Connector());

        var retrieving = client.GetFrameAsync(EncryptedRecorder, Guid.NewGuid(), VmsToken.FromMipSdk("t"), DateTimeOffset.UnixEpoch, cancellation.Token);
        await connectAnswered.Task.WaitAsync(SignallingClock.StallLimit);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retrieving);
    }

    [Fact]
    public async Task A_thousand_sequential_connections_leak_no_sockets_or_handles()
    {
        await using var server = LoopbackServer.Tls(_context.ServerCertificate(Host), _context.Chain, async (stream, token) =>
        {
            // Wait for the client to close, so both ends are gone when a connection is counted as done.
            while (await stream.ReadAsync(new byte[64], token) > 0)
            {
            }
        });
        _context.Map(Host, server);
        // A transient fault must fail this test, not park it on a retry delay of the fake clock that nobody advances.
        _context.Options.Retry.MaxRetryAttempts = 0;
        var connector = _context.Connector();
        for (var i = 0; i < 20; i++)
        {
            await using var warmup = await connector.ConnectAsync(EncryptedRecorder);
        }

        var baseline = OpenFileDescriptors();
        for (var i = 0; i < 1000; i++)
        {
            var stream = await connector.ConnectAsync(EncryptedRecorder);
            await stream.DisposeAsync();
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var after = OpenFileDescriptors();
        Assert.Equal(1020, server.AcceptedCount);
        Assert.InRange(after, baseline - 25, baseline + 25);
    }

    public void Dispose() => _context.Dispose();

    private static int OpenFileDescriptors() => Directory.GetFiles("/proc/self/fd").Length;
}
