using System.Net;
using System.Text;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;

namespace MipSecure.Testing.Tests;

public sealed class EventServerTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_alarm_service_port_answers_over_its_single_scheme(bool encrypted)
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddEventServer(configure: d => d with { Encrypted = encrypted }));
        var events = site.EventServers.Single();
        var trust = new SiteTrust(site);
        using var client = SiteHttp.CreateClient(site, trust);

        using var response = await client.GetAsync(events.Uri, timeout.Token);

        Assert.Single(events.Endpoints);
        Assert.Equal(encrypted ? "https" : "http", events.Uri.Scheme);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encrypted ? 1 : 0, trust.Reports.Count(r => r.IsTrusted));
    }

    [Fact]
    public async Task The_token_alarm_service_faults_without_a_token_and_answers_with_one()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddEventServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var uri = new Uri(site.EventServers[0].Uri, "Central/AlarmServiceToken");

        using var fault = await client.PostAsync(uri, Soap(null), timeout.Token);
        using var answer = await client.PostAsync(uri, Soap(site.Tokens.IssueVmsToken()), timeout.Token);

        Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        Assert.Contains("<SubErrorNumber>1</SubErrorNumber>", await fault.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("GetAlarmLinesResponse", await answer.Content.ReadAsStringAsync(timeout.Token), StringComparison.Ordinal);
    }

    private static StringContent Soap(string? token) => new(
        $"<?xml version=\"1.0\" encoding=\"utf-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><GetAlarmLines xmlns=\"urn:milestone-systems\">{(token is null ? string.Empty : $"<token>{token}</token>")}</GetAlarmLines></soap:Body></soap:Envelope>",
        Encoding.UTF8,
        "text/xml");
}
