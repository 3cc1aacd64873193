using System;
using System.Linq;
using System.Net.Http;
using System.Net.Security;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Tests.TestSupport;
using Xunit;
using MipSecure.Trust;

namespace MipSecure.Tests.Simulated;

/// <summary>The library against the simulated XProtect site: real TLS listeners, REST, token grant and ImageServer protocol.</summary>
public sealed class SimulatedSiteTests : IDisposable
{
    private readonly ClientTestContext _context;
    private readonly MetricsRecorder _metrics;

    public SimulatedSiteTests()
    {
        _context = new ClientTestContext();
        _metrics = new MetricsRecorder(_context.Metrics);
    }

    [Fact]
    public async Task Discovers_a_mixed_site_with_the_encryption_each_server_states_at_the_local_addresses_by_default()
    {
        await using var site = await _context.StartSiteAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Encrypted = false })
            .AddRecordingServer("Recorder 3", "rec3.contoso.local", d => d with { PublicHostName = "rec3.contoso.com" })
            .AddFailoverRecorder("Failover 1", "fo1.contoso.local"));
        using var http = _context.HttpClient();
        var discovery = new ManagementServerDiscovery(http, _context.Clock);
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var discovered = await discovery.DiscoverAsync(management, site.Credentials.UserName, site.Credentials.Password).WaitAsync(SignallingClock.StallLimit);

        var recorders = discovered.RecordingServers.ToDictionary(r => r.Name);
        Assert.Equal(3, recorders.Count);
        Assert.Equal(EndpointEncryption.On, recorders["Recorder 1"].Encryption);
        Assert.Equal(EndpointEncryption.Off, recorders["Recorder 2"].Encryption);
        Assert.Equal(EndpointEncryption.On, recorders["Recorder 3"].Encryption);
        Assert.True(recorders["Recorder 3"].PublicAccessEnabled);
        Assert.Equal("rec3.contoso.local", recorders["Recorder 3"].Endpoint.Host);
        Assert.Equal("rec3.contoso.com", recorders["Recorder 3"].PublicUri!.Host);
        Assert.Equal("rec1.contoso.local", recorders["Recorder 1"].Endpoint.Host);
        Assert.Equal(site.GetServer("Recorder 1").Id.ToString(), recorders["Recorder 1"].Id, ignoreCase: true);
        var failover = Assert.Single(discovered.FailoverRecorders);
        Assert.Equal(ServerRole.FailoverRecorder, failover.Endpoint.Role);
        Assert.Equal(EndpointEncryption.On, failover.Encryption);
        Assert.Equal(5, discovered.AllEndpoints.Count());
    }

    [Theory]
    [InlineData(AddressSelection.Local, "rec3.contoso.local")]
    [InlineData(AddressSelection.Public, "rec3.contoso.com")]
    [InlineData(AddressSelection.Both, "rec3.contoso.local,rec3.contoso.com")]
    public async Task The_caller_chooses_the_local_the_public_or_both_addresses_of_a_recorder_with_public_access(AddressSelection selection, string hosts)
    {
        await using var site = await _context.StartSiteAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Recorder 3", "rec3.contoso.local", d => d with { PublicHostName = "rec3.contoso.com" }));

        var discovered = await DiscoverAsync(site, new DiscoveryOptions { Addresses = selection });

        var recorders = discovered.RecordingServers.ToDictionary(r => r.Name);
        Assert.Equal(hosts, string.Join(",", recorders["Recorder 3"].Addresses.Select(a => a.Host)));
        Assert.Equal("rec1.contoso.local", Assert.Single(recorders["Recorder 1"].Addresses).Host);
        Assert.All(recorders["Recorder 3"].Addresses, a => Assert.Equal(EndpointEncryption.On, a.Encryption));
    }

    [Fact]
    public async Task Disabled_recorders_are_left_out_unless_asked_for()
    {
        await using var site = await _context.StartSiteAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Enabled = false })
            .AddFailoverRecorder("Failover 1", "fo1.contoso.local", d => d with { Enabled = false }));

        var enabled = await DiscoverAsync(site, new DiscoveryOptions());
        var all = await DiscoverAsync(site, new DiscoveryOptions { IncludeDisabled = true });

        Assert.Equal("Recorder 1", Assert.Single(enabled.RecordingServers).Name);
        Assert.Empty(enabled.FailoverRecorders);
        Assert.Equal(new[] { "Recorder 1", "Recorder 2" }, all.RecordingServers.Select(r => r.Name).OrderBy(n => n));
        Assert.False(all.RecordingServers.Single(r => r.Name == "Recorder 2").Enabled);
        Assert.Single(all.FailoverRecorders);
    }

    [Fact]
    public async Task Mobile_and_event_servers_come_from_the_registered_services_with_their_http_and_https_addresses()
    {
        await using var site = await _context.StartSiteAsync(b => b
            .AddManagementServer()
            .AddMobileServer()
            .AddEventServer("Event Server", "events.contoso.local", d => d with { Encrypted = false }));

        var discovered = await DiscoverAsync(site, new DiscoveryOptions());

        Assert.True(discovered.RegisteredServicesListed);
        var mobile = discovered.Services.Single(s => s.Role == ServerRole.MobileServer);
        Assert.Equal(site.GetServer("Mobile 1").HttpEndpoint!.Uri, mobile.HttpUri);
        Assert.Equal(site.GetServer("Mobile 1").HttpsEndpoint!.Uri, mobile.HttpsUri);
        Assert.Equal(mobile.HttpsUri, mobile.Endpoint.Uri);
        var events = discovered.Services.Single(s => s.Role == ServerRole.EventServer);
        Assert.Null(events.HttpsUri);
        Assert.Equal(EndpointEncryption.Off, events.Endpoint.Encryption);
        Assert.Contains(discovered.AllEndpoints, e => e.Role == ServerRole.EventServer);
    }

    [Fact]
    public async Task A_site_without_registered_services_is_discovered_with_a_note_instead_of_an_error()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().AddRecordingServer().AddMobileServer().WithoutRegisteredServices());

        var discovered = await DiscoverAsync(site, new DiscoveryOptions());

        Assert.False(discovered.RegisteredServicesListed);
        Assert.Empty(discovered.Services);
        Assert.Single(discovered.RecordingServers);
    }

    [Fact]
    public async Task The_token_and_the_rest_api_follow_the_well_known_uris_to_a_gateway_on_another_host()
    {
        await using var site = await _context.StartSiteAsync(b => b
            .AddManagementServer("mgmt.contoso.local", d => d with { ApiGatewayHostName = "api.contoso.local" })
            .AddRecordingServer());

        var discovered = await DiscoverAsync(site, new DiscoveryOptions());

        Assert.Equal("api.contoso.local", discovered.ApiGateway!.Host);
        Assert.Equal(site.ManagementServer.ApiGatewayEndpoint!.Port, discovered.ApiGateway.Port);
        Assert.Equal("rec1.contoso.local", Assert.Single(discovered.RecordingServers).Endpoint.Host);
    }

    [Fact]
    public async Task An_operator_role_user_is_told_the_role_may_not_read_the_configuration()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().AddRecordingServer().WithUserRole(SimulatedUserRole.Operator));

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => DiscoverAsync(site, new DiscoveryOptions()));

        Assert.Equal("MIPSEC4030", error.Code.Id);
        Assert.Contains("HTTP 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("permission", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task The_cameras_of_a_recorder_come_from_its_hardware_alone_or_site_wide_and_a_frame_of_the_first_proves_the_login()
    {
        var cameras = new[] { new SimulatedCamera(Guid.NewGuid(), "Lobby"), new SimulatedCamera(Guid.NewGuid(), "Dock"), new SimulatedCamera(Guid.NewGuid(), "Gate") };
        await using var site = await _context.StartSiteAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { Cameras = cameras })
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Cameras = Array.Empty<SimulatedCamera>() }));
        using var http = _context.HttpClient();
        var discovery = new ManagementServerDiscovery(http, _context.Clock);
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        var token = await discovery.RequestTokenAsync(management, site.Credentials.UserName, site.Credentials.Password).WaitAsync(SignallingClock.StallLimit);
        var discovered = await discovery.DiscoverAsync(management, token, new DiscoveryOptions()).WaitAsync(SignallingClock.StallLimit);
        var first = discovered.RecordingServers.Single(r => r.Name == "Recorder 1");

        var all = await discovery.ListCamerasAsync(discovered, first, token).WaitAsync(SignallingClock.StallLimit);
        var one = await discovery.ListCamerasAsync(discovered, first, token, maxCameras: 1).WaitAsync(SignallingClock.StallLimit);
        var none = await discovery.ListCamerasAsync(discovered, discovered.RecordingServers.Single(r => r.Name == "Recorder 2"), token).WaitAsync(SignallingClock.StallLimit);
        var siteWide = await discovery.ListSiteCamerasAsync(discovered, token).WaitAsync(SignallingClock.StallLimit);
        await using var session = await _context.Login(http).LogInAsync(management, XProtectCredentials.BasicUser(site.Credentials.UserName, site.Credentials.Password)).WaitAsync(SignallingClock.StallLimit);
        var frame = await new ImageServerClient(_context.Connector()).GetFrameAsync(first.Endpoint, one[0].Id, session, _context.Clock.GetUtcNow()).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(cameras.Select(c => (c.Id, c.Name)), all.Select(c => (c.Id, c.Name)));
        Assert.Equal(3, all.Select(c => c.HardwareId).Distinct().Count());
        Assert.Equal(cameras[0].Id, Assert.Single(one).Id);
        Assert.Empty(none);
        Assert.Equal(all.Select(c => (c.Id, c.HardwareId, c.RecordingServerId)), siteWide.Select(c => (c.Id, c.HardwareId, c.RecordingServerId)));
        Assert.All(siteWide, c => Assert.Equal(first.Id, c.RecordingServerId));
        Assert.True(frame.HasFrame);
    }

    private async Task<DiscoveredSite> DiscoverAsync(SimulatedSite site, DiscoveryOptions options)
    {
        using var http = _context.HttpClient();
        var discovery = new ManagementServerDiscovery(http, _context.Clock);
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        var token = await discovery.RequestTokenAsync(management, site.Credentials.UserName, site.Credentials.Password).WaitAsync(SignallingClock.StallLimit);
        return await discovery.DiscoverAsync(management, token, options).WaitAsync(SignallingClock.StallLimit);
    }

    [Fact]
    public async Task Logs_in_through_the_token_chain_and_retrieves_a_jpeg_frame_over_tls_with_the_vms_token()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().AddRecordingServer());
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        await using var session = await _context.Login(http).LogInAsync(management, XProtectCredentials.BasicUser(site.Credentials.UserName, site.Credentials.Password)).WaitAsync(SignallingClock.StallLimit);
        var recorder = (await new ManagementServerDiscovery(http, _context.Clock).DiscoverAsync(management, session.AccessToken!).WaitAsync(SignallingClock.StallLimit)).RecordingServers.Single();
        var client = new ImageServerClient(_context.Connector());

        var result = await client.GetFrameAsync(recorder.Endpoint, site.RecordingServers[0].Cameras[0].Id, session, _context.Clock.GetUtcNow()).WaitAsync(SignallingClock.StallLimit);

        Assert.True(result.Frame!.IsJpeg);
        Assert.Equal("image/jpeg", result.Frame.ContentType);
        Assert.StartsWith("TOKEN#", session.VmsToken.Value, StringComparison.Ordinal);
        Assert.EndsWith("#mgmt.contoso.local//ServerConnector#", session.VmsToken.Value, StringComparison.Ordinal);
        Assert.Equal(3, session.AccessToken!.Value.Split('.').Length);
        Assert.Equal(_context.Clock.GetUtcNow() + SimulatedTokenService.DefaultVmsTokenLifetime, session.VmsToken.ExpiresAt);
        var login = Assert.Single(site.Logins);
        Assert.Equal((session.InstanceId, string.Empty), (login.InstanceId, login.CurrentToken));
        foreach (var secret in new[] { session.VmsToken.Value, session.AccessToken.Value, site.Credentials.Password })
        {
            Assert.DoesNotContain(_context.Logs.Messages(), m => m.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_identity_providers_access_token_is_refused_by_a_recording_server_as_a_token_problem()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer());
        var server = site.RecordingServers[0];
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        // The compiler refuses an AccessToken here; a partner who wraps the access token's text anyway meets the recorder's refusal.
        var misused = VmsToken.FromMipSdk(site.Tokens.IssueAccessToken());
        var error = await Assert.ThrowsAsync<ImageServerException>(() => _context.Clock.DriveAsync(new ImageServerClient(_context.Connector()).GetFrameAsync(endpoint, server.Cameras[0].Id, misused, _context.Clock.GetUtcNow())));

        Assert.Equal("MIPSEC4016", error.Code.Id);
        Assert.Equal(ImageServerRefusalKind.TokenRejected, error.Kind);
        Assert.Equal("Token validation failed", error.ServerReason);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task Unknown_camera_and_missing_permission_are_told_apart_and_never_blamed_on_the_token()
    {
        var vault = new SimulatedCamera(Guid.NewGuid(), "Vault") { UserMayView = false };
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Cameras = new[] { vault } }));
        var server = site.RecordingServers[0];
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);
        var client = new ImageServerClient(_context.Connector());
        var token = VmsToken.FromMipSdk(site.Tokens.IssueVmsToken());

        var unknown = await Assert.ThrowsAsync<ImageServerException>(() => _context.Clock.DriveAsync(client.GetFrameAsync(endpoint, Guid.NewGuid(), token, _context.Clock.GetUtcNow())));
        var denied = await Assert.ThrowsAsync<ImageServerException>(() => _context.Clock.DriveAsync(client.GetFrameAsync(endpoint, vault.Id, token, _context.Clock.GetUtcNow())));

        Assert.Equal(("MIPSEC4017", ImageServerRefusalKind.UnknownCamera), (unknown.Code.Id, unknown.Kind));
        Assert.Equal(("MIPSEC4018", ImageServerRefusalKind.NoPermission), (denied.Code.Id, denied.Kind));
        Assert.All(new[] { unknown, denied }, e => Assert.Contains("logging in again does not help", e.Remedy, StringComparison.Ordinal));
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public async Task A_status_document_before_the_frame_is_skipped_and_a_camera_without_recordings_gives_no_recording()
    {
        var empty = new SimulatedCamera(Guid.NewGuid(), "New") { HasRecordings = false };
        var recorded = new SimulatedCamera(Guid.NewGuid(), "Lobby");
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Cameras = new[] { recorded, empty }, Fault = ServerFault.StatusBeforeFrame() }));
        var server = site.RecordingServers[0];
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);
        var client = new ImageServerClient(_context.Connector());
        var token = VmsToken.FromMipSdk(site.Tokens.IssueVmsToken());
        var at = _context.Clock.GetUtcNow();

        var frame = await _context.Clock.DriveAsync(client.GetFrameAsync(endpoint, recorded.Id, token, at));
        var nothing = await _context.Clock.DriveAsync(client.GetFrameAsync(endpoint, empty.Id, token, at));

        Assert.True(frame.HasFrame);
        Assert.True(frame.Frame!.IsJpeg);
        Assert.False(nothing.HasFrame);
        Assert.Null(nothing.Frame);
        Assert.Equal(at, nothing.RequestedTime);
        Assert.Equal(2, server.AcceptedConnections);
    }

    [Theory]
    [InlineData(CertificateProfile.UntrustedCa, "MIPSEC1001")]
    [InlineData(CertificateProfile.SelfSigned, "MIPSEC1001")]
    [InlineData(CertificateProfile.WrongHost, "MIPSEC1002")]
    [InlineData(CertificateProfile.Expired, "MIPSEC1004")]
    [InlineData(CertificateProfile.NotYetValid, "MIPSEC1005")]
    [InlineData(CertificateProfile.MissingServerAuthEku, "MIPSEC1007")]
    public async Task Each_trust_failure_of_a_simulated_recorder_surfaces_its_code_after_one_connection(CertificateProfile profile, string code)
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { CertificateProfile = profile }));
        var server = site.RecordingServers.Single();
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => _context.Clock.DriveAsync(_context.Connector().ConnectAsync(endpoint)));

        Assert.Equal(code, error.Code.Id);
        Assert.Equal(1, server.AcceptedConnections);
        Assert.Equal(1, _metrics.Sum("mipsecure.trust.failures", "code", code));
        Assert.Equal(0, _metrics.Sum("mipsecure.connection.retries"));
    }

    [Fact]
    public async Task An_untrusted_management_server_fails_discovery_with_the_finding_after_one_request()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer(configure: d => d with { CertificateProfile = CertificateProfile.WrongHost }));
        using var http = _context.HttpClient();
        var discovery = new ManagementServerDiscovery(http, _context.Clock);
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => _context.Clock.DriveAsync(discovery.GetWellKnownUrisAsync(management)));

        Assert.Equal("MIPSEC1002", error.Code.Id);
        Assert.Equal(1, site.ManagementServer.AcceptedConnections);
        Assert.Equal(0, _metrics.Sum("mipsecure.connection.retries"));
    }

    [Fact]
    public async Task Refused_then_healthy_recorder_is_retried_until_it_answers()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.FailFirstConnections(2, ServerFault.ResetAfterBytes(0)) }));
        var server = site.RecordingServers.Single();
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);
        var token = site.Tokens.IssueVmsToken();

        var frame = await _context.Clock.DriveAsync(new ImageServerClient(_context.Connector()).GetFrameAsync(endpoint, server.Cameras[0].Id, VmsToken.FromMipSdk(token), _context.Clock.GetUtcNow()));

        Assert.True(frame.Frame!.IsJpeg);
        Assert.Equal(3, server.AcceptedConnections);
        Assert.Equal(2, _metrics.Sum("mipsecure.connection.retries"));
    }

    [Fact]
    public async Task Image_server_retry_later_from_the_simulator_is_retried_with_its_delay_and_then_reported_as_busy()
    {
        _context.Options.Retry.MaxRetryAttempts = 2;
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.ServiceUnavailable(TimeSpan.FromSeconds(7)) }));
        var server = site.RecordingServers.Single();
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        var error = await Assert.ThrowsAsync<ImageServerException>(() => _context.Clock.DriveAsync(
            new ImageServerClient(_context.Connector()).GetFrameAsync(endpoint, server.Cameras[0].Id, VmsToken.FromMipSdk(site.Tokens.IssueVmsToken()), _context.Clock.GetUtcNow())));

        Assert.Equal("MIPSEC4008", error.Code.Id);
        Assert.Equal(ImageServerRefusalKind.Busy, error.Kind);
        Assert.Equal(3, server.AcceptedConnections);
    }

    [Fact]
    public async Task Http_503_with_retry_after_is_retried_and_reported_as_busy_when_it_persists()
    {
        _context.Options.Retry.MaxRetryAttempts = 2;
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer(configure: d => d with { Fault = ServerFault.ServiceUnavailable(TimeSpan.FromSeconds(5)) }));
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(new ManagementServerDiscovery(http, _context.Clock).GetWellKnownUrisAsync(management)));

        Assert.Equal("MIPSEC4008", error.Code.Id);
        Assert.Equal(2, _metrics.Sum("mipsecure.connection.retries", "reason", "http_503"));

        // Retry-After (5 s) is honoured instead of the 1 s exponential start.
        Assert.Equal(TimeSpan.FromSeconds(10), _context.Clock.Advanced);
    }

    [Fact]
    public async Task Wrong_credentials_are_reported_once_and_never_retried()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer());
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => new ManagementServerDiscovery(http, _context.Clock).RequestTokenAsync(management, site.Credentials.UserName, "wrong-password").WaitAsync(SignallingClock.StallLimit));

        Assert.Equal("MIPSEC4007", error.Code.Id);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain("wrong-password", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _metrics.Sum("mipsecure.connection.retries"));
    }

    [Fact]
    public async Task A_recorder_that_drifted_to_plaintext_is_refused_not_downgraded()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.WrongProtocol() }));
        var server = site.RecordingServers.Single();
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(_context.Connector().ConnectAsync(endpoint)));

        Assert.Equal("MIPSEC4003", error.Code.Id);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task A_tls_alert_is_a_handshake_failure_that_is_not_retried()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { Fault = ServerFault.TlsAlert() }));
        var server = site.RecordingServers.Single();
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Clock.DriveAsync(_context.Connector().ConnectAsync(endpoint)));

        Assert.Equal("MIPSEC4012", error.Code.Id);
        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task Every_validated_connection_reports_the_seconds_its_certificate_has_left()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddRecordingServer(configure: d => d with { CertificateProfile = CertificateProfile.ExpiringSoon }));
        var server = site.RecordingServers.Single();
        var endpoint = new XProtectEndpoint(server.Uri, ServerRole.RecordingServer, server.Name);

        await using (await _context.Connector().ConnectAsync(endpoint))
        {
        }

        var gauge = Assert.Single(_metrics.Observe("mipsecure.certificate.expiry"));
        Assert.Equal(endpoint.ServerKey, gauge.Tags["server"]);
        var expected = (server.Certificate.Certificate.NotAfter.ToUniversalTime() - _context.Clock.GetUtcNow().UtcDateTime).TotalSeconds;
        Assert.InRange(gauge.Value, expected - 2, expected + 2);
        Assert.Single(_context.Logs.Messages(), m => m.StartsWith("MIPSEC1006: the certificate of " + endpoint.ServerKey, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _context.Dispose();
    }
}
