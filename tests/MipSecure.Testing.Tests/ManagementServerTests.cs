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
    public async Task Recording_servers_are_listed_with_their_uris_in_the_array_shape_enabled_ones_unless_disabled_is_asked()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { PublicHostName = "rec1.contoso.com" })
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Encrypted = false, Enabled = false })
            .AddFailoverRecorder());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var token = await SiteHttp.GetTokenAsync(client, site, timeout.Token);

        var enabled = await GetArrayAsync(client, site, "api/rest/v1/recordingServers", token, timeout.Token);
        var all = await GetArrayAsync(client, site, "api/rest/v1/recordingServers?disabled", token, timeout.Token);

        var rec1 = Assert.Single(enabled);
        Assert.Equal("Recorder 1", rec1.GetProperty("name").GetString());
        Assert.Equal(2, all.Count);
        var rec2 = all.Single(r => r.GetProperty("name").GetString() == "Recorder 2");
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
        Assert.Equal(string.Empty, rec2.GetProperty("activeWebServerUri").GetString());
        Assert.False(rec2.GetProperty("publicAccessEnabled").GetBoolean());
        Assert.False(rec2.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task An_operator_role_user_logs_in_but_gets_403_in_the_real_error_shape_on_the_configuration()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().WithUserRole(SimulatedUserRole.Operator));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var token = await SiteHttp.GetTokenAsync(client, site, timeout.Token);

        foreach (var path in new[] { "api/rest/v1/recordingServers", "api/rest/v1/failoverRecorders", "api/rest/v1/registeredServices" })
        {
            using var response = await GetAsync(client, site.ManagementServer.Uri, path, token, timeout.Token);

            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var error = json.RootElement.GetProperty("error");
            Assert.Equal(403, error.GetProperty("httpCode").GetInt32());
            Assert.Contains("permission", error.GetProperty("details")[0].GetProperty("errorText").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_request_without_a_token_gets_401_in_the_real_error_shape()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));

        using var response = await client.GetAsync(new Uri(site.ManagementServer.Uri, "api/rest/v1/recordingServers"), timeout.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
        Assert.Equal(401, json.RootElement.GetProperty("error").GetProperty("httpCode").GetInt32());
    }

    [Fact]
    public async Task Registered_services_list_mobile_and_event_servers_with_their_http_and_https_addresses()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddMobileServer()
            .AddMobileServer("Mobile 2", "mobile2.contoso.local", d => d with { Enabled = false })
            .AddEventServer("Event Server", "events.contoso.local", d => d with { Encrypted = false }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var token = await SiteHttp.GetTokenAsync(client, site, timeout.Token);

        var services = await GetArrayAsync(client, site, "api/rest/v1/registeredServices", token, timeout.Token);
        var all = await GetArrayAsync(client, site, "api/rest/v1/registeredServices?includeDisabled", token, timeout.Token);

        Assert.Equal(2, services.Count);
        Assert.Equal(3, all.Count);
        var mobile = services.Single(s => s.GetProperty("name").GetString() == "Mobile 1");
        Assert.Equal("7510bbae-dba5-4c2e-b037-74a0222484c6", mobile.GetProperty("serviceType").GetString());
        var uris = mobile.GetProperty("uris").EnumerateArray().Select(u => u.GetString()).ToList();
        Assert.Equal(new[] { site.GetServer("Mobile 1").HttpEndpoint!.Uri.ToString(), site.GetServer("Mobile 1").HttpsEndpoint!.Uri.ToString() }, uris);
        var events = services.Single(s => s.GetProperty("name").GetString() == "Event Server");
        Assert.Equal("08ab8f23-9aef-4298-9caa-f39259fe7cda", events.GetProperty("serviceType").GetString());
        Assert.StartsWith("http://events.contoso.local:", events.GetProperty("uris")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_older_than_2024_R2_has_no_registered_services_endpoint()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddMobileServer().WithoutRegisteredServices());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var token = await SiteHttp.GetTokenAsync(client, site, timeout.Token);

        using var response = await GetAsync(client, site.ManagementServer.Uri, "api/rest/v1/registeredServices", token, timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_gateway_on_another_host_serves_the_rest_api_and_the_management_host_does_not()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer("mgmt.contoso.local", d => d with { ApiGatewayHostName = "api.contoso.local" })
            .AddRecordingServer());
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var management = site.ManagementServer;
        var gateway = management.ApiGatewayEndpoint!;

        using var wellKnown = JsonDocument.Parse(await client.GetStringAsync(new Uri(management.Uri, "api/.well-known/uris"), timeout.Token));
        using var tokenAtGateway = await SiteHttp.RequestTokenAsync(client, site, site.Credentials.UserName, site.Credentials.Password, timeout.Token);
        using var tokenAnswer = await client.PostAsync(new Uri(management.Uri, "IDP/connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = site.Credentials.UserName,
            ["password"] = site.Credentials.Password,
            ["client_id"] = "GrantValidatorClient",
        }), timeout.Token);
        using var tokenJson = JsonDocument.Parse(await tokenAnswer.Content.ReadAsStringAsync(timeout.Token));
        var token = tokenJson.RootElement.GetProperty("access_token").GetString()!;
        using var atManagement = await GetAsync(client, management.Uri, "api/rest/v1/recordingServers", token, timeout.Token);
        using var atGateway = await GetAsync(client, gateway.Uri, "api/rest/v1/recordingServers", token, timeout.Token);

        Assert.Equal($"https://api.contoso.local:{gateway.Port}/api/", wellKnown.RootElement.GetProperty("ApiGateways")[0].GetString());
        Assert.Equal(management.Uri + "IDP", wellKnown.RootElement.GetProperty("IdentityProvider").GetString());
        Assert.Equal(HttpStatusCode.NotFound, tokenAtGateway.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, atManagement.StatusCode);
        Assert.Equal(HttpStatusCode.OK, atGateway.StatusCode);
        Assert.Equal(gateway.EndPoint, site.HostMap["api.contoso.local"]);
    }

    [Fact]
    public async Task An_unreachable_public_address_refuses_connections_and_the_certificate_may_lack_the_public_name()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { PublicHostName = "rec1.contoso.com", PublicAddressReachable = false, CertificateNamesPublicHost = false }));
        var recorder = site.GetServer("Recorder 1");

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        var refused = await Assert.ThrowsAsync<System.Net.Sockets.SocketException>(() => socket.ConnectAsync(site.ResolveEndPoint(recorder.PublicUri!)));

        Assert.Equal(System.Net.Sockets.SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.NotEqual(recorder.Uri.Port, recorder.PublicUri!.Port);
        var names = recorder.Certificate.Certificate.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single().EnumerateDnsNames();
        Assert.Equal(new[] { "rec1.contoso.local" }, names);
    }

    private static async Task<List<JsonElement>> GetArrayAsync(HttpClient client, SimulatedSite site, string path, string token, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(client, site.ManagementServer.Uri, path, token, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("array").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient client, Uri server, string path, string token, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, path));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request, cancellationToken).ContinueWith(t => { request.Dispose(); return t; }, TaskScheduler.Default).Unwrap();
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
