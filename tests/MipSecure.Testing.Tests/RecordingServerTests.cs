using System.Net;
using System.Text;
using BitMiracle.LibJpeg;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;

namespace MipSecure.Testing.Tests;

public sealed class RecordingServerTests
{
    [Fact]
    public async Task Connect_with_a_valid_token_over_tls_is_connected_and_the_certificate_is_trusted()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        var trust = new SiteTrust(site);
        var recorder = site.RecordingServers.Single();
        await using var client = await ImageServerClient.ConnectAsync(site, recorder.Uri, trust, timeout.Token);

        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal("https", recorder.Uri.Scheme);
        Assert.Equal("yes", reply.Value("connected"));
        Assert.Equal("connect", reply.Value("methodname"));
        Assert.Equal("1", reply.Value("requestid"));
        Assert.True(Assert.Single(trust.Reports).IsTrusted);
    }

    [Fact]
    public async Task Live_answers_image_frames_with_a_decodable_jpeg_paced_by_the_site_clock()
    {
        using var clock = new FakeClockSite();
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.WithTimeProvider(clock.Clock).WithCertificateAuthority(clock.Authority)
            .WithLiveFrameInterval(TimeSpan.FromSeconds(1)).AddRecordingServer());
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site, clock.Clock), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        await client.ReadReplyAsync(timeout.Token);

        await client.SendAsync("live", "<compressionrate>90</compressionrate>", timeout.Token);
        var first = await client.ReadReplyAsync(timeout.Token);
        var secondTask = client.ReadReplyAsync(timeout.Token);
        Assert.False(secondTask.IsCompleted);
        clock.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await secondTask;

        foreach (var frame in new[] { first, second })
        {
            Assert.Equal("image/jpeg", frame.Headers["Content-type"]);
            Assert.Equal("2", frame.Headers["RequestId"]);
            var jpeg = frame.Image!;
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg[..2]);
            Assert.Equal(new byte[] { 0xFF, 0xD9 }, jpeg[^2..]);
            using var image = new JpegImage(new MemoryStream(jpeg));
            Assert.Equal(64, image.Width);
            Assert.Equal(48, image.Height);
        }

        Assert.Equal(clock.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), second.Headers["Current"]);
        Assert.NotEqual(first.Image, second.Image);
    }

    [Fact]
    public async Task Goto_answers_one_frame_at_the_requested_time()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        await client.ReadReplyAsync(timeout.Token);

        await client.SendAsync("goto", "<time>1700000000000</time><compressionrate>90</compressionrate><keyframesonly>no</keyframesonly>", timeout.Token);
        var frame = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal("1700000000000", frame.Headers["Current"]);
        Assert.Equal("1699999999000", frame.Headers["Prev"]);
        Assert.Equal("1700000001000", frame.Headers["Next"]);
        using var image = new JpegImage(new MemoryStream(frame.Image!));
        Assert.Equal(64, image.Width);
    }

    [Fact]
    public async Task Video_before_connect_is_refused_with_a_reason()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);

        await client.SendAsync("live", "<compressionrate>90</compressionrate>", timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.Contains("Not connected", reply.Value("errorreason"), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> TokenProblems => new()
    {
        { "missing", "No token supplied" },
        { "invalid", "Token validation failed" },
        { "access token", "Token validation failed" },
        { "expired", "Token expired" },
        { "busy", "Server busy, retry later" },
    };

    /// <summary>
    /// A refused connect is connected=no with an errorreason and nothing else: error numbers belong to the HTTP interface only
    /// (DOC-SPK), and the identity provider's access token is refused like any token the recorder does not know.
    /// </summary>
    [Theory]
    [MemberData(nameof(TokenProblems))]
    public async Task Token_problems_answer_connected_no_with_a_reason_and_no_error_numbers(string problem, string reason)
    {
        using var clock = new FakeClockSite();
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.WithTimeProvider(clock.Clock).WithCertificateAuthority(clock.Authority).AddRecordingServer());
        var token = site.Tokens.IssueVmsToken();
        string? sent = problem switch
        {
            "missing" => null,
            "invalid" => "TOKEN#forged",
            "access token" => site.Tokens.IssueAccessToken(),
            _ => token,
        };
        if (problem == "expired")
        {
            clock.Clock.Advance(SimulatedTokenService.DefaultVmsTokenLifetime + TimeSpan.FromSeconds(1));
        }

        if (problem == "busy")
        {
            site.RecordingServers[0].Fault = ServerFault.ServiceUnavailable(TimeSpan.FromSeconds(5));
        }

        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site, clock.Clock), timeout.Token);
        await client.SendConnectAsync(sent, timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal("no", reply.Value("connected"));
        Assert.Equal(reason, reply.Value("errorreason"));
        Assert.Null(reply.Value("errorNumber"));
        Assert.Null(reply.Value("subErrorNumber"));
    }

    [Fact]
    public async Task Connect_for_a_camera_the_recorder_does_not_have_or_the_user_may_not_view_is_refused_with_a_reason()
    {
        using var timeout = Timeouts.Test();
        var hidden = new SimulatedCamera(Guid.NewGuid(), "Vault") { UserMayView = false };
        var lobby = new SimulatedCamera(Guid.NewGuid(), "Lobby");
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Cameras = new[] { lobby, hidden } }));
        var token = site.Tokens.IssueVmsToken();
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);

        await client.SendConnectAsync(token, timeout.Token, Guid.NewGuid());
        var unknown = await client.ReadReplyAsync(timeout.Token);
        await client.SendConnectAsync(token, timeout.Token, hidden.Id);
        var forbidden = await client.ReadReplyAsync(timeout.Token);
        await client.SendConnectAsync(token, timeout.Token, lobby.Id);
        var accepted = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal(("no", "Camera not found"), (unknown.Value("connected"), unknown.Value("errorreason")));
        Assert.Equal("no", forbidden.Value("connected"));
        Assert.Contains("permission", forbidden.Value("errorreason"), StringComparison.Ordinal);
        Assert.Equal("yes", accepted.Value("connected"));
    }

    [Fact]
    public async Task A_camera_without_recordings_answers_goto_with_content_length_zero()
    {
        using var timeout = Timeouts.Test();
        var empty = new SimulatedCamera(Guid.NewGuid(), "New camera") { HasRecordings = false };
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Cameras = new[] { empty } }));
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        Assert.Equal("yes", (await client.ReadReplyAsync(timeout.Token)).Value("connected"));

        await client.SendAsync("goto", "<time>1700000000000</time><compressionrate>90</compressionrate><keyframesonly>no</keyframesonly>", timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.NotNull(reply.Image);
        Assert.Empty(reply.Image);
        Assert.Equal("0", reply.Headers["Content-length"]);
    }

    [Fact]
    public async Task Connectupdate_renews_the_session_with_a_new_token()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        await client.ReadReplyAsync(timeout.Token);

        await client.SendAsync("connectupdate", $"<connectparam>id={Guid.NewGuid()}&amp;connectiontoken={site.Tokens.IssueVmsToken()}</connectparam>", timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal("connectupdate", reply.Value("methodname"));
        Assert.Equal("yes", reply.Value("connected"));
    }

    [Fact]
    public async Task A_plaintext_recording_server_speaks_the_same_protocol_without_tls()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false }));
        var trust = new SiteTrust(site);
        var recorder = site.RecordingServers[0];
        await using var client = await ImageServerClient.ConnectAsync(site, recorder.Uri, trust, timeout.Token);

        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal("http", recorder.Uri.Scheme);
        Assert.Single(recorder.Endpoints);
        Assert.Equal("yes", reply.Value("connected"));
        Assert.Empty(trust.Reports);
    }

    [Fact]
    public async Task A_failover_recorder_has_its_own_uri_and_serves_the_same_protocol()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer().AddFailoverRecorder());
        var failover = site.FailoverRecorders.Single();
        await using var client = await ImageServerClient.ConnectAsync(site, failover.Uri, new SiteTrust(site), timeout.Token);

        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        var reply = await client.ReadReplyAsync(timeout.Token);

        Assert.Equal("fo1.contoso.local", failover.Uri.Host);
        Assert.NotEqual(site.RecordingServers[0].Uri.Port, failover.Uri.Port);
        Assert.Equal("yes", reply.Value("connected"));
    }

    [Fact]
    public async Task The_http_imageserver_interface_on_the_same_port_connects_with_a_token()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var uri = new Uri(site.RecordingServers[0].Uri, "imageserver?methodcall=connect");

        using var accepted = await client.PostAsync(uri, ConnectBody(site.Tokens.IssueVmsToken()), timeout.Token);
        using var refused = await client.PostAsync(uri, ConnectBody(null), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Contains("<connected>yes</connected>", await accepted.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("connect", refused.Headers.GetValues("X-MethodName").Single());
        var body = await refused.Content.ReadAsStringAsync(timeout.Token);
        Assert.Contains("<errorNumber>20001</errorNumber><subErrorNumber>1</subErrorNumber>", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_http_imageserver_interface_answers_503_with_retry_after_when_busy()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.ServiceUnavailable(TimeSpan.FromSeconds(7)) }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var response = await client.PostAsync(new Uri(site.RecordingServers[0].Uri, "imageserver?methodcall=connect"), ConnectBody(site.Tokens.IssueVmsToken()), timeout.Token);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
        Assert.Contains("<subErrorNumber>4</subErrorNumber>", await response.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_recorder_command_service_faults_without_a_token_and_answers_with_one()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var uri = new Uri(site.RecordingServers[0].Uri, "RecorderCommandService/RecorderCommandService.asmx");

        using var fault = await client.PostAsync(uri, Soap(null), timeout.Token);
        using var answer = await client.PostAsync(uri, Soap(site.Tokens.IssueVmsToken()), timeout.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        var faultBody = await fault.Content.ReadAsStringAsync(timeout.Token);
        Assert.Contains("<faultstring>No token supplied</faultstring>", faultBody, StringComparison.Ordinal);
        Assert.Contains("<ErrorNumber>20001</ErrorNumber><SubErrorNumber>1</SubErrorNumber>", faultBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("PTZMoveStartResponse", await answer.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Head_on_the_recording_server_port_presents_the_certificate_and_answers()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        var trust = new SiteTrust(site);
        using var client = SiteHttp.CreateClient(site, trust);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, site.RecordingServers[0].Uri), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(site.RecordingServers[0].Certificate.Certificate.Thumbprint, Assert.Single(trust.Reports).Chain[0].Thumbprint);
    }

    private static StringContent ConnectBody(string? token)
    {
        var param = token is null ? $"id={Guid.NewGuid()}" : $"id={Guid.NewGuid()}&amp;connectiontoken={token}";
        return new StringContent($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodcall><requestid>1</requestid><methodname>connect</methodname><connectparam>{param}</connectparam></methodcall>", Encoding.UTF8, "text/xml");
    }

    private static StringContent Soap(string? token)
    {
        var tokenElement = token is null ? string.Empty : $"<token>{token}</token>";
        return new StringContent(
            $"<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><PTZMoveStart xmlns=\"http://videoos.net/2/XProtectCSRecorderCommand\">{tokenElement}<deviceId>{Guid.NewGuid()}</deviceId></PTZMoveStart></soap:Body></soap:Envelope>",
            Encoding.UTF8,
            "text/xml");
    }
}
