using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;

namespace MipSecure.Testing.Tests;

public sealed class FaultTests
{
    // A TLS record header announcing a 5-byte handshake message, then the message: enough for the server to read one record.
    private static readonly byte[] MinimalClientRecord = { 0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00 };

    [Fact]
    public async Task Refused_connections_fail_to_connect_and_recover_on_the_same_port_when_cleared()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        var recorder = site.RecordingServers[0];

        recorder.Fault = ServerFault.RefuseConnections();
        using (var refused = new TcpClient())
        {
            var error = await Assert.ThrowsAsync<SocketException>(() => refused.ConnectAsync(recorder.HttpsEndpoint!.EndPoint, timeout.Token).AsTask());
            Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        }

        recorder.Fault = ServerFault.None;
        await using var client = await ImageServerClient.ConnectAsync(site, recorder.Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        Assert.Equal("yes", (await client.ReadReplyAsync(timeout.Token)).Value("connected"));
    }

    [Fact]
    public async Task A_site_can_start_with_its_ports_refusing()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddEventServer(configure: d => d with { Fault = ServerFault.RefuseConnections() }));
        using var client = new TcpClient();

        var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(site.EventServers[0].Endpoints[0].EndPoint, timeout.Token).AsTask());

        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task Accept_then_hang_never_answers_and_the_hang_ends_when_the_site_is_disposed()
    {
        using var timeout = Timeouts.Test();
        var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.AcceptThenHang() }));
        var recorder = site.RecordingServers[0];
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(recorder.HttpsEndpoint!.EndPoint, timeout.Token);
        var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = recorder.HostName, RemoteCertificateValidationCallback = new SiteTrust(site).CallbackFor(recorder.HostName) }, timeout.Token);

        await recorder.WaitForConnectionsAsync(1, timeout.Token);
        Assert.False(handshake.IsCompleted);
        await site.DisposeAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(timeout.Token));
        Assert.True(error is IOException or AuthenticationException, error.ToString());
        await tls.DisposeAsync();
    }

    [Fact]
    public async Task A_client_timeout_ends_a_hung_connection_from_the_client_side()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false, Fault = ServerFault.AcceptThenHang() }));
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        using var clientTimeout = new CancellationTokenSource();

        var reply = client.ReadReplyAsync(clientTimeout.Token);
        await site.RecordingServers[0].WaitForConnectionsAsync(1, timeout.Token);
        Assert.False(reply.IsCompleted);
        await clientTimeout.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reply);
    }

    [Fact]
    public async Task A_hang_mid_handshake_delivers_part_of_the_server_hello_then_stalls_until_disposal()
    {
        using var timeout = Timeouts.Test();
        var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.HangMidHandshake() }));
        var recorder = site.RecordingServers[0];
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(recorder.HttpsEndpoint!.EndPoint, timeout.Token);
        var observed = new ObservedStream(tcp.GetStream());
        var tls = new SslStream(observed, leaveInnerStreamOpen: false);
        var handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = recorder.HostName, RemoteCertificateValidationCallback = new SiteTrust(site).CallbackFor(recorder.HostName) }, timeout.Token);

        await observed.FirstBytes.WaitAsync(timeout.Token);
        Assert.False(handshake.IsCompleted);
        Assert.InRange(observed.BytesRead, 1, 48);
        await site.DisposeAsync();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => handshake.WaitAsync(timeout.Token));
        Assert.True(error is IOException or AuthenticationException, error.ToString());
        await tls.DisposeAsync();
    }

    [Fact]
    public async Task Reset_after_bytes_delivers_exactly_that_many_bytes_then_resets()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false, Fault = ServerFault.ResetAfterBytes(20) }));
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);

        var received = new List<byte>();
        var buffer = new byte[256];
        Exception? failure = null;
        for (var reads = 0; reads < 100; reads++)
        {
            try
            {
                var read = await client.Stream.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    break;
                }

                received.AddRange(buffer[..read]);
            }
            catch (IOException e)
            {
                failure = e;
                break;
            }
        }

        Assert.Equal("<?xml version=\"1.0\" ", Encoding.ASCII.GetString(received.ToArray()));
        var socketError = Assert.IsType<SocketException>(failure?.InnerException);
        Assert.Equal(SocketError.ConnectionReset, socketError.SocketErrorCode);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    public async Task A_reset_during_the_tls_handshake_fails_the_handshake(int byteCount)
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.ResetAfterBytes(byteCount) }));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token));

        // With no byte sent the reset can land while the connect completes, before the handshake starts.
        Assert.True(error is IOException or AuthenticationException || (byteCount == 0 && error is SocketException), error.ToString());
    }

    [Fact]
    public async Task Dripping_sends_one_chunk_per_interval_on_the_site_clock()
    {
        using var clock = new FakeClockSite();
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.WithTimeProvider(clock.Clock).WithCertificateAuthority(clock.Authority)
            .AddRecordingServer(configure: d => d with { Encrypted = false, Fault = ServerFault.DripBytes(TimeSpan.FromSeconds(1), chunkSize: 16) }));
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site, clock.Clock), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);

        var received = new List<byte>();
        var chunk = new byte[16];
        await client.Stream.ReadExactlyAsync(chunk, timeout.Token);
        received.AddRange(chunk);
        for (var i = 0; i < 3; i++)
        {
            var next = new byte[1];
            var pending = client.Stream.ReadAsync(next, timeout.Token).AsTask();
            Assert.False(pending.IsCompleted);
            clock.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(1, await pending);
            await client.Stream.ReadExactlyAsync(chunk.AsMemory(0, 15), timeout.Token);
            received.Add(next[0]);
            received.AddRange(chunk[..15]);
        }

        clock.Clock.Advance(TimeSpan.FromHours(1));
        var terminator = "\r\n\r\n"u8.ToArray();
        while (received.Count < 4096 && !received.TakeLast(4).SequenceEqual(terminator))
        {
            var read = await client.Stream.ReadAsync(chunk, timeout.Token);
            Assert.NotEqual(0, read);
            received.AddRange(chunk[..read]);
        }

        Assert.Contains("<connected>yes</connected>", Encoding.UTF8.GetString(received.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dripping_under_tls_still_completes_the_handshake_and_the_reply()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer(configure: d => d with { Fault = ServerFault.DripBytes(TimeSpan.FromMilliseconds(1), chunkSize: 512) }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var response = await client.GetAsync(new Uri(site.ManagementServer.Uri, "api/.well-known/uris"), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_tls_alert_fails_the_client_handshake()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.TlsAlert() }));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token));

        Assert.True(error is AuthenticationException or IOException, error.ToString());
    }

    [Fact]
    public async Task A_tls_alert_is_a_fatal_handshake_failure_record_on_the_wire()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.TlsAlert() }));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(site.RecordingServers[0].HttpsEndpoint!.EndPoint, timeout.Token);
        var stream = tcp.GetStream();

        await stream.WriteAsync(MinimalClientRecord, timeout.Token);
        var alert = new byte[7];
        await stream.ReadExactlyAsync(alert, timeout.Token);

        Assert.Equal(new byte[] { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 }, alert);
        Assert.Equal(0, await stream.ReadAsync(new byte[1], timeout.Token));
    }

    [Fact]
    public async Task Wrong_protocol_makes_the_tls_port_speak_plaintext()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.WrongProtocol() }));
        var recorder = site.RecordingServers[0];

        var tlsError = await Assert.ThrowsAnyAsync<Exception>(() => ImageServerClient.ConnectAsync(site, recorder.Uri, new SiteTrust(site), timeout.Token));
        await using var plaintext = await ImageServerClient.ConnectAsync(site, new UriBuilder(recorder.Uri) { Scheme = "http" }.Uri, new SiteTrust(site), timeout.Token);
        await plaintext.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);

        Assert.True(tlsError is AuthenticationException or IOException, tlsError.ToString());
        Assert.Equal("yes", (await plaintext.ReadReplyAsync(timeout.Token)).Value("connected"));
    }

    [Fact]
    public async Task Wrong_protocol_makes_the_plaintext_port_speak_tls()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false, Fault = ServerFault.WrongProtocol() }));
        var recorder = site.RecordingServers[0];
        var trust = new SiteTrust(site);

        await using var tls = await ImageServerClient.ConnectAsync(site, new UriBuilder(recorder.Uri) { Scheme = "https" }.Uri, trust, timeout.Token);
        await tls.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);

        Assert.Equal("http", recorder.Uri.Scheme);
        Assert.Equal("yes", (await tls.ReadReplyAsync(timeout.Token)).Value("connected"));
        Assert.True(Assert.Single(trust.Reports).IsTrusted);
    }

    [Fact]
    public async Task Wrong_protocol_on_a_management_server_breaks_both_listeners()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer(configure: d => d with { Fault = ServerFault.WrongProtocol() }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(site.ManagementServer.HttpsEndpoint!.Uri, "api/.well-known/uris"), timeout.Token));
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri(site.ManagementServer.HttpEndpoint!.Uri, "api/.well-known/uris"), timeout.Token));
    }

    [Fact]
    public async Task Failing_the_first_connections_resets_them_then_recovers()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.FailFirstConnections(2) }));
        var recorder = site.RecordingServers[0];
        var trust = new SiteTrust(site);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => ImageServerClient.ConnectAsync(site, recorder.Uri, trust, timeout.Token));

            // A reset at accept can land while the client's connect completes, before the handshake starts.
            Assert.True(error is IOException or AuthenticationException or SocketException, error.ToString());
        }

        await using var client = await ImageServerClient.ConnectAsync(site, recorder.Uri, trust, timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        Assert.Equal("yes", (await client.ReadReplyAsync(timeout.Token)).Value("connected"));
        Assert.Equal(3, recorder.AcceptedConnections);
    }

    [Fact]
    public async Task Failing_the_first_connections_can_use_any_connection_fault()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer(configure: d => d with { Fault = ServerFault.FailFirstConnections(1, ServerFault.TlsAlert()) }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var uri = new Uri(site.ManagementServer.Uri, "api/.well-known/uris");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(uri, timeout.Token));
        using var response = await client.GetAsync(uri, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Service_unavailable_answers_503_with_retry_after_on_http_servers()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer(configure: d => d with { Fault = ServerFault.ServiceUnavailable(TimeSpan.FromSeconds(30)) }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var uri = new Uri(site.ManagementServer.Uri, "api/.well-known/uris");

        using var busy = await client.GetAsync(uri, timeout.Token);
        site.ManagementServer.Fault = ServerFault.None;
        using var recovered = await client.GetAsync(uri, timeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), busy.Headers.RetryAfter!.Delta);
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
    }

    [Fact]
    public async Task Early_token_expiry_on_the_management_server_issues_tokens_that_claim_an_hour_and_die_at_once()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer(configure: d => d with { Fault = ServerFault.ExpireTokensEarly() }).AddRecordingServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var tokenResponse = await SiteHttp.RequestTokenAsync(client, site, site.Credentials.UserName, site.Credentials.Password, timeout.Token);
        using var json = System.Text.Json.JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync(timeout.Token));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site.ManagementServer.Uri, "api/rest/v1/recordingServers"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("access_token").GetString());
        using var response = await client.SendAsync(request, timeout.Token);

        Assert.Equal(3600, json.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Early_token_expiry_on_a_recording_server_rejects_valid_tokens_as_expired()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.ExpireTokensEarly() }));
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);

        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal("no", reply.Value("connected"));
        Assert.Equal("Token expired", reply.Value("errorreason"));
    }

    [Fact]
    public async Task Expiring_every_token_on_the_identity_provider_is_seen_by_all_servers()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        var token = site.Tokens.IssueVmsToken();

        site.Tokens.ExpireAll();
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(token, timeout.Token);

        Assert.Equal("Token expired", (await client.ReadReplyAsync(timeout.Token)).Value("errorreason"));
    }

    [Fact]
    public void Fault_factories_reject_nonsense()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ServerFault.ResetAfterBytes(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServerFault.DripBytes(TimeSpan.FromSeconds(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => ServerFault.FailFirstConnections(-1));
        Assert.Throws<ArgumentException>(() => ServerFault.FailFirstConnections(1, ServerFault.ServiceUnavailable(TimeSpan.Zero)));
        Assert.Equal("FailFirstConnections(2, ResetAfterBytes(0))", ServerFault.FailFirstConnections(2).ToString());
    }
}
