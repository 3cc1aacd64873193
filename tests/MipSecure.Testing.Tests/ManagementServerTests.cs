using System.Net;
using System.Text.Json;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;

namespace MipSecure.Testing.Tests;

public sealed class ManagementServerTests
{
    [Fact]
    public async Task Well_known_uris_list_both_listeners_the_identity_provider_and_the_gateway()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer());
        var trust = new SiteTrust(site);
        using var client = SiteHttp.CreateClient(site, trust);
        var management = site.ManagementServer;

        using var response = await client.GetAsync(new Uri(management.Uri, "api/.well-known/uris"), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var root = json.RootElement;
        Assert.Equal(management.HttpEndpoint!.Uri.ToString(), root.GetProperty("UnsecureManagementServer").GetString());
        Assert.Equal(management.HttpsEndpoint!.Uri.ToString(), root.GetProperty("SecureManagementServer").GetString());
        Assert.StartsWith("https://mgmt.contoso.local:", root.GetProperty("IdentityProvider").GetString(), StringComparison.Ordinal);
        Assert.EndsWith("/IDP", root.GetProperty("IdentityProvider").GetString(), StringComparison.Ordinal);
        Assert.Equal(management.Uri + "api/", root.GetProperty("ApiGateways")[0].GetString());
        Assert.Single(trust.Reports);
        Assert.True(trust.Reports.Single().IsTrusted);
    }

    [Fact]
    public async Task The_plaintext_listener_answers_over_http()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer());
        var trust = new SiteTrust(site);
        using var client = SiteHttp.CreateClient(site, trust);

        using var response = await client.GetAsync(new Uri(site.ManagementServer.HttpEndpoint!.Uri, "api/.well-known/uris"), timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(trust.Reports);
    }

    [Fact]
    public async Task Without_encryption_only_the_http_listener_exists_and_no_secure_uri_is_published()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer(configure: d => d with { Encrypted = false }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var management = site.ManagementServer;

        using var response = await client.GetAsync(new Uri(management.Uri, "api/.well-known/uris"), timeout.Token);

        Assert.Equal("http", management.Uri.Scheme);
        Assert.Single(management.Endpoints);
        Assert.Null(management.HttpsEndpoint);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        Assert.False(json.RootElement.TryGetProperty("SecureManagementServer", out _));
    }

    [Fact]
    public async Task The_password_grant_returns_a_bearer_token_for_an_hour()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var response = await SiteHttp.RequestTokenAsync(client, site, site.Credentials.UserName, site.Credentials.Password, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal(3600, json.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", json.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(TokenStatus.Valid, site.Tokens.CheckAccessToken(json.RootElement.GetProperty("access_token").GetString()));
    }

    [Theory]
    [InlineData("wrong password", "GrantValidatorClient", "invalid_grant")]
    [InlineData(null, "SomeOtherClient", "invalid_client")]
    public async Task A_bad_grant_is_refused_with_an_oauth_error(string? password, string clientId, string expectedError)
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var response = await SiteHttp.RequestTokenAsync(client, site, site.Credentials.UserName, password ?? site.Credentials.Password, timeout.Token, clientId);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal(expectedError, json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Recording_servers_are_listed_with_their_uris_in_the_array_shape()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { PublicHostName = "rec1.contoso.com" })
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Encrypted = false, Enabled = false })
            .AddFailoverRecorder());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var token = await SiteHttp.GetTokenAsync(client, site, timeout.Token);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site.ManagementServer.Uri, "api/rest/v1/recordingServers"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var recorders = json.RootElement.GetProperty("array").EnumerateArray().ToList();
        Assert.Equal(2, recorders.Count);
        var rec1 = recorders.Single(r => r.GetProperty("name").GetString() == "Recorder 1");
        var rec2 = recorders.Single(r => r.GetProperty("name").GetString() == "Recorder 2");
        var recorder1 = site.GetServer("Recorder 1");
        Assert.Equal(recorder1.Uri.ToString(), rec1.GetProperty("webServerUri").GetString());
        Assert.StartsWith("https://rec1.contoso.local:", rec1.GetProperty("webServerUri").GetString(), StringComparison.Ordinal);
        Assert.Equal($"https://rec1.contoso.com:{recorder1.Uri.Port}/", rec1.GetProperty("activeWebServerUri").GetString());
        Assert.True(rec1.GetProperty("publicAccessEnabled").GetBoolean());
        Assert.Equal("rec1.contoso.com", rec1.GetProperty("publicWebserverHostName").GetString());
        Assert.Equal(recorder1.Uri.Port, rec1.GetProperty("publicWebserverPort").GetInt32());
        Assert.Equal(recorder1.Id.ToString(), rec1.GetProperty("id").GetString());
        Assert.True(rec1.GetProperty("enabled").GetBoolean());
        Assert.StartsWith("http://rec2.contoso.local:", rec2.GetProperty("webServerUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(rec2.GetProperty("webServerUri").GetString(), rec2.GetProperty("activeWebServerUri").GetString());
        Assert.False(rec2.GetProperty("publicAccessEnabled").GetBoolean());
        Assert.False(rec2.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Failover_recorders_are_listed_with_their_own_uris()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().AddFailoverRecorder().AddFailoverRecorder("Failover 2", "fo2.contoso.local"));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var token = await SiteHttp.GetTokenAsync(client, site, timeout.Token);

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site.ManagementServer.Uri, "api/rest/v1/failoverRecorders"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, timeout.Token);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        var uris = json.RootElement.GetProperty("array").EnumerateArray().Select(r => r.GetProperty("webServerUri").GetString()).ToList();
        Assert.Equal(site.FailoverRecorders.Select(f => f.Uri.ToString()), uris);
        Assert.Equal(2, uris.Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("TOKEN#not-issued")]
    public async Task Rest_without_a_valid_token_is_401(string? token)
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site.ManagementServer.Uri, "api/rest/v1/recordingServers"));
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await client.SendAsync(request, timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }
}
