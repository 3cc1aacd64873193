using System;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Testing.Simulation;
using MipSecure.TestUtilities;
using MipSecure.Tests.TestSupport;
using Xunit;
using MipSecure.Trust;

namespace MipSecure.Tests.Login;

/// <summary>
/// MipSecure's requests against the bytes of Milestone's protocol samples (tests/testdata/milestone, with repository, path and
/// commit in its README), and the simulated site against the same bytes, so neither side can drift from the published format.
/// </summary>
public sealed class WireFormatFixtureTests : IDisposable
{
    private static readonly Guid InstanceId = Guid.Parse("4c9f8e2a-1d3b-4f5a-9c7e-2b8d6a1f0e93");
    private static readonly Guid Camera = Guid.Parse("a9adc052-e793-4ed0-a1e2-8b975ba8e020");
    private const string Token = "TOKEN#0b6a3c1e-8f2d-4e7a-9b5c-1d2e3f4a5b6c#mgmt.contoso.local//ServerConnector#";
    private const long Time = 1764547200000;

    private readonly ClientTestContext _context = new();

    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "testdata", "milestone", name));

    [Fact]
    public void The_login_envelope_is_byte_for_byte_the_oauth_login_flow_samples()
    {
        Assert.Equal(Fixture("OauthLoginFlow.Login.xml"), Encoding.UTF8.GetBytes(ServerCommandServiceClient.LoginEnvelope(InstanceId, null)));
    }

    [Fact]
    public void The_login_request_carries_the_samples_headers_to_the_oauth_service()
    {
        var management = XProtectEndpoint.Parse("https://mgmt.contoso.local/", ServerRole.ManagementServer);
        using var request = ServerCommandServiceClient.CreateRequest(
            management, ServerCommandServiceClient.OAuthServicePath, "Login", new AuthenticationHeaderValue("bearer", "eyJ.a.b"), ServerCommandServiceClient.LoginEnvelope(InstanceId, null));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://mgmt.contoso.local/managementServer/ServerCommandServiceOauth.svc", request.RequestUri!.ToString(), ignoreCase: true);
        Assert.Equal("text/xml; charset=utf-8", request.Content!.Headers.ContentType!.ToString());
        Assert.Equal("bearer eyJ.a.b", request.Headers.Authorization!.ToString());
        Assert.Equal("http://videoos.net/2/XProtectCSServerCommand/IServerCommandService/Login", Assert.Single(request.Headers.GetValues("SOAPAction")));
    }

    [Fact]
    public void Connect_connectupdate_and_goto_are_byte_for_byte_tcp_video_viewers()
    {
        Assert.Equal(Fixture("TcpVideoViewer.FormatConnect.txt"), Encoding.UTF8.GetBytes(ImageServerSession.FormatConnect(Camera, Token)));
        Assert.Equal(Fixture("TcpVideoViewer.FormatConnectUpdate.txt"), Encoding.UTF8.GetBytes(ImageServerSession.FormatConnectUpdate(1, Camera, Token)));
        Assert.Equal(Fixture("TcpVideoViewer.goto.txt"), Encoding.UTF8.GetBytes(ImageServerSession.FormatGoTo(2, Time, 90)));
    }

    [Fact]
    public async Task The_simulated_management_server_answers_the_samples_login_bytes_with_a_vms_token()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer());
        using var http = _context.HttpClient();
        var accessToken = site.Tokens.IssueAccessToken();

        // The sample's own path casing, headers and body.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(site.ManagementServer.Uri, "managementServer/ServerCommandServiceOauth.svc"))
        {
            Content = new ByteArrayContent(Fixture("OauthLoginFlow.Login.xml")),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + accessToken);
        request.Headers.TryAddWithoutValidation("SOAPAction", "http://videoos.net/2/XProtectCSServerCommand/IServerCommandService/Login");
        using var response = await http.SendAsync(request).WaitAsync(SignallingClock.StallLimit);
        var answer = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var token = ServerCommandServiceClient.ParseLoginResult(management, ServerCommandServiceClient.OAuthServicePath, answer, _context.Clock.GetUtcNow());

        Assert.True(response.IsSuccessStatusCode);
        Assert.Equal(TokenStatus.Valid, site.Tokens.CheckVmsToken(token.Value));
        Assert.Equal(TimeSpan.FromHours(4), token.TimeToLive);
        Assert.Equal(InstanceId, Assert.Single(site.Logins).InstanceId);
    }

    [Fact]
    public async Task The_simulated_recorder_accepts_the_samples_connect_goto_and_connectupdate_bytes()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Cameras = new[] { new SimulatedCamera(Camera, "Sample camera") } }));
        var server = site.RecordingServers[0];
        var first = site.Tokens.IssueVmsToken();
        var renewed = site.Tokens.IssueVmsToken();
        await using var stream = await _context.Connector().ConnectAsync(new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name)).WaitAsync(SignallingClock.StallLimit);

        var connected = await SendAsync(stream, Fixture("TcpVideoViewer.FormatConnect.txt"), Token, first);
        var image = await SendAsync(stream, Fixture("TcpVideoViewer.goto.txt"), null, null);
        var updated = await SendAsync(stream, Fixture("TcpVideoViewer.FormatConnectUpdate.txt"), Token, renewed);

        Assert.Contains("<connected>yes</connected>", connected, StringComparison.Ordinal);
        Assert.StartsWith("ImageResponse\r\n", image, StringComparison.Ordinal);
        Assert.Contains("Current: " + Time, image, StringComparison.Ordinal);
        Assert.Contains("<connected>yes</connected>", updated, StringComparison.Ordinal);
    }

    /// <summary>Sends the fixture (with the sample token swapped for one the site issued) and reads one answer's head.</summary>
    private static async Task<string> SendAsync(Stream stream, byte[] fixture, string? token, string? replacement)
    {
        var text = Encoding.ASCII.GetString(fixture);
        var bytes = Encoding.ASCII.GetBytes(token is null ? text : text.Replace(token, replacement, StringComparison.Ordinal));
        await stream.WriteAsync(bytes).AsTask().WaitAsync(SignallingClock.StallLimit);
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 65536)
        {
            Assert.Equal(1, await stream.ReadAsync(one).AsTask().WaitAsync(SignallingClock.StallLimit));
            head.Append((char)one[0]);
        }

        if (head.ToString().StartsWith("ImageResponse", StringComparison.Ordinal))
        {
            var length = int.Parse(System.Text.RegularExpressions.Regex.Match(head.ToString(), "Content-length: (\\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var rest = new byte[length + 4];
            await stream.ReadExactlyAsync(rest).AsTask().WaitAsync(SignallingClock.StallLimit);
        }

        return head.ToString();
    }

    public void Dispose() => _context.Dispose();
}
