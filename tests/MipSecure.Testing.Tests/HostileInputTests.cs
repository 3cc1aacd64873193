using System.Net.Sockets;
using System.Text;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;

namespace MipSecure.Testing.Tests;

/// <summary>The simulator must survive what a buggy or hostile client sends, and keep serving the next request.</summary>
public sealed class HostileInputTests
{
    [Theory]
    [InlineData("<not xml")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]><methodcall><methodname>&lol2;</methodname></methodcall>")]
    [InlineData("<?xml version=\"1.0\"?><notamethodcall/>")]
    public async Task A_malformed_imageserver_request_gets_an_error_reason_and_the_session_goes_on(string request)
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);

        await client.Stream.WriteAsync(Encoding.UTF8.GetBytes(request + "\r\n\r\n"), timeout.Token);
        var error = await client.ReadReplyAsync(timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        var connected = await client.ReadReplyAsync(timeout.Token);

        Assert.Contains("not a methodcall", error.Value("errorreason"), StringComparison.Ordinal);
        Assert.Equal("yes", connected.Value("connected"));
    }

    [Fact]
    public async Task An_endless_request_is_cut_off_at_64_KiB()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false }));
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);

        var chunk = Encoding.ASCII.GetBytes("<" + new string('a', 8191));
        var reply = client.ReadReplyAsync(timeout.Token);
        for (var sent = 0; sent < 9 && !reply.IsCompleted; sent++)
        {
            await client.Stream.WriteAsync(chunk, timeout.Token);
        }

        Assert.Equal("Request too large.", (await reply).Value("errorreason"));
    }

    [Fact]
    public async Task Bytes_that_are_neither_xml_nor_http_get_a_plaintext_400()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { Encrypted = false }));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(site.RecordingServers[0].HttpEndpoint!.EndPoint, timeout.Token);
        var stream = tcp.GetStream();

        await stream.WriteAsync(new byte[] { 0x16, 0x03, 0x01, 0x00, 0x01, 0x00 }, timeout.Token);
        using var reader = new StreamReader(stream, Encoding.ASCII);

        Assert.Equal("HTTP/1.1 400 Bad Request", await reader.ReadLineAsync(timeout.Token));
    }

    [Fact]
    public async Task A_client_that_leaves_mid_request_does_not_disturb_the_next_one()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        var recorder = site.RecordingServers[0];
        await using (var quitter = await ImageServerClient.ConnectAsync(site, recorder.Uri, new SiteTrust(site), timeout.Token))
        {
            await quitter.Stream.WriteAsync(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><methodcall><requestid>1</req"), timeout.Token);
        }

        await using var client = await ImageServerClient.ConnectAsync(site, recorder.Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);

        Assert.Equal("yes", (await client.ReadReplyAsync(timeout.Token)).Value("connected"));
    }

    [Fact]
    public async Task A_mobile_command_with_a_dtd_is_refused_as_a_bad_command()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddMobileServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        const string Body = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"e\">]><Communication><Command SequenceId=\"1\"><Type>Request</Type><Name>&e;</Name></Command></Communication>\r\n\r\n";

        using var response = await client.PostAsync(new Uri(site.MobileServers[0].Uri, "XProtectMobile/Communication"), new StringContent(Body, Encoding.UTF8, "text/xml"), timeout.Token);
        var text = await response.Content.ReadAsStringAsync(timeout.Token);

        Assert.Contains("<ErrorCode>10</ErrorCode>", text, StringComparison.Ordinal);
    }
}
