using System.Net;
using System.Text;
using System.Xml.Linq;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;

namespace MipSecure.Testing.Tests;

public sealed class MobileServerTests
{
    [Fact]
    public async Task An_encrypted_mobile_server_has_an_http_and_an_https_listener()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddMobileServer());
        var mobile = site.MobileServers.Single();

        Assert.Equal(2, mobile.Endpoints.Count);
        Assert.Equal("https", mobile.Uri.Scheme);
        Assert.Equal("http", mobile.HttpEndpoint!.Scheme);
        Assert.NotEqual(mobile.HttpEndpoint.Port, mobile.HttpsEndpoint!.Port);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Connect_login_and_server_status_work_over_both_listeners(bool overTls)
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddMobileServer());
        var mobile = site.MobileServers.Single();
        var trust = new SiteTrust(site);
        using var client = SiteHttp.CreateClient(site, trust);
        var uri = new Uri((overTls ? mobile.HttpsEndpoint! : mobile.HttpEndpoint!).Uri, "XProtectMobile/Communication");

        var connect = await SendAsync(client, uri, null, "Connect", new() { ["PublicKey"] = string.Empty, ["ProcessingMessage"] = "No" }, timeout.Token);
        var connectionId = Output(connect, "ConnectionId");
        var login = await SendAsync(client, uri, connectionId, "LogIn", new() { ["Username"] = site.Credentials.UserName, ["Password"] = site.Credentials.Password, ["ClientType"] = "WebClient" }, timeout.Token);
        var status = await SendAsync(client, uri, connectionId, "GetServerStatus", new(), timeout.Token);

        Assert.Equal("OK", Result(connect));
        Assert.True(Guid.TryParse(connectionId, out _));
        Assert.Equal(mobile.Id.ToString(), Output(connect, "ServerId"));
        Assert.Equal("No", Output(connect, "SecurityEnabled"));
        Assert.Equal("30", Output(connect, "Timeout"));
        Assert.Equal("OK", Result(login));
        Assert.Equal("OK", Result(status));
        Assert.Equal("Response", status.Descendants("Type").Single().Value);
        Assert.Equal(overTls ? 3 : 0, trust.Reports.Count(r => r.IsTrusted));
    }

    [Fact]
    public async Task Wrong_credentials_are_error_15_and_status_before_login_is_refused()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddMobileServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var uri = new Uri(site.MobileServers[0].Uri, "XProtectMobile/Communication");

        var connectionId = Output(await SendAsync(client, uri, null, "Connect", new(), timeout.Token), "ConnectionId");
        var login = await SendAsync(client, uri, connectionId, "LogIn", new() { ["Username"] = site.Credentials.UserName, ["Password"] = "not it" }, timeout.Token);
        var status = await SendAsync(client, uri, connectionId, "GetServerStatus", new(), timeout.Token);
        var unknown = await SendAsync(client, uri, Guid.NewGuid().ToString(), "GetServerStatus", new(), timeout.Token);

        Assert.Equal("Error", Result(login));
        Assert.Equal("15", login.Descendants("ErrorCode").Single().Value);
        Assert.Equal("19", status.Descendants("ErrorCode").Single().Value);
        Assert.Equal("12", unknown.Descendants("ErrorCode").Single().Value);
    }

    [Fact]
    public async Task A_body_that_is_not_xml_is_a_bad_request()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddMobileServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var response = await client.PostAsync(new Uri(site.MobileServers[0].Uri, "XProtectMobile/Communication"), new StringContent("hello", Encoding.UTF8, "text/xml"), timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unencrypted_mobile_server_has_only_its_http_listener()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddMobileServer(configure: d => d with { Encrypted = false }));
        var mobile = site.MobileServers[0];
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        var connect = await SendAsync(client, new Uri(mobile.Uri, "XProtectMobile/Communication"), null, "Connect", new(), timeout.Token);

        Assert.Single(mobile.Endpoints);
        Assert.Null(mobile.HttpsEndpoint);
        Assert.Equal("OK", Result(connect));
    }

    private static async Task<XDocument> SendAsync(HttpClient client, Uri uri, string? connectionId, string command, Dictionary<string, string> inputs, CancellationToken cancellationToken)
    {
        var communication = new XElement("Communication");
        if (connectionId is not null)
        {
            communication.Add(new XElement("ConnectionId", connectionId));
        }

        communication.Add(new XElement(
            "Command",
            new XAttribute("SequenceId", 1),
            new XElement("Type", "Request"),
            new XElement("Name", command),
            new XElement("InputParams", inputs.Select(i => new XElement("Param", new XAttribute("Name", i.Key), new XAttribute("Value", i.Value))))));
        var body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + communication.ToString(SaveOptions.DisableFormatting) + "\r\n\r\n";
        using var response = await client.PostAsync(uri, new StringContent(body, Encoding.UTF8, "text/xml"), cancellationToken);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.EndsWith("\r\n\r\n", text, StringComparison.Ordinal);
        return XDocument.Parse(text.Trim());
    }

    private static string Result(XDocument reply) => reply.Descendants("Result").Single().Value;

    private static string Output(XDocument reply, string name) =>
        reply.Descendants("OutputParams").Elements("Param").Single(p => p.Attribute("Name")!.Value == name).Attribute("Value")!.Value;
}
