using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Testing.Simulation;
using MipSecure.Tests.TestSupport;
using Xunit;
using MipSecure.Trust;

namespace MipSecure.Tests.Login;

/// <summary>The token chain against the simulated site, with renewals and connectupdate on a fake clock.</summary>
public sealed class LoginSessionTests : IDisposable
{
    private static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan VmsLifetime = TimeSpan.FromMinutes(30);

    private readonly ClientTestContext _context = new();
    private readonly MetricsRecorder _metrics;

    public LoginSessionTests()
    {
        _metrics = new MetricsRecorder(_context.Metrics);
    }

    [Fact]
    public async Task Both_tokens_are_renewed_before_they_expire_and_an_open_connection_sends_connectupdate()
    {
        await using var site = await _context.StartSiteAsync(b => b.WithTokenLifetimes(AccessLifetime, VmsLifetime).AddManagementServer().AddRecordingServer());
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        await using var session = await _context.Login(http).LogInAsync(management, Credentials(site)).WaitAsync(SignallingClock.StallLimit);
        var renewals = new BlockingCollection<TokenRenewedEventArgs>();
        session.TokenRenewed += (_, e) => renewals.Add(e);
        var recorder = site.RecordingServers[0];
        await using var connection = await new ImageServerClient(_context.Connector())
            .OpenAsync(new XProtectEndpoint(recorder.Uri, ServerRole.RecordingServer, recorder.Name), recorder.Cameras[0].Id, session).WaitAsync(SignallingClock.StallLimit);
        var firstAccess = session.AccessToken!;
        var firstVms = session.VmsToken;

        // 4/5 of the access token's 10 minutes: it is renewed, the VMS token not yet.
        _context.Clock.Advance(TimeSpan.FromMinutes(8));
        var access = await Next(renewals);
        Assert.Equal(TokenKind.AccessToken, access.Kind);
        Assert.NotEqual(firstAccess.Value, session.AccessToken!.Value);
        Assert.Same(firstVms, session.VmsToken);

        // 4/5 of the VMS token's 30 minutes: Login again with the same instanceId and the token held as currentToken.
        _context.Clock.Advance(TimeSpan.FromMinutes(16));
        var vms = await NextOf(renewals, TokenKind.VmsToken);
        Assert.Equal(_context.Clock.GetUtcNow() + VmsLifetime, vms.ExpiresAt);
        var renewal = site.Logins[^1];
        Assert.Equal(session.InstanceId, renewal.InstanceId);
        Assert.Equal(firstVms.Value, renewal.CurrentToken);
        Assert.Equal(session.VmsToken.Value, renewal.IssuedToken);

        // The first VMS token runs out; the connection opened with it keeps working because it sends connectupdate first.
        _context.Clock.Advance(TimeSpan.FromMinutes(7));
        Assert.Equal(TokenStatus.Expired, site.Tokens.CheckVmsToken(firstVms.Value));
        var result = await connection.GoToAsync(_context.Clock.GetUtcNow()).WaitAsync(SignallingClock.StallLimit);

        Assert.True(result.Frame!.IsJpeg);
        Assert.Equal(1, connection.ConnectUpdates);
        Assert.Null(session.Fault);
    }

    [Fact]
    public async Task A_connection_whose_token_expires_without_renewal_is_refused_as_a_token_problem()
    {
        await using var site = await _context.StartSiteAsync(b => b.WithTokenLifetimes(vmsToken: VmsLifetime).AddRecordingServer());
        var recorder = site.RecordingServers[0];
        var token = VmsToken.FromMipSdk(site.Tokens.IssueVmsToken());
        await using var connection = await new ImageServerClient(_context.Connector())
            .OpenAsync(new XProtectEndpoint(recorder.Uri, ServerRole.RecordingServer, recorder.Name), recorder.Cameras[0].Id, token).WaitAsync(SignallingClock.StallLimit);
        Assert.True((await connection.GoToAsync(_context.Clock.GetUtcNow()).WaitAsync(SignallingClock.StallLimit)).HasFrame);

        _context.Clock.Advance(VmsLifetime);
        var error = await Assert.ThrowsAsync<ImageServerException>(() => connection.GoToAsync(_context.Clock.GetUtcNow()).WaitAsync(SignallingClock.StallLimit));

        Assert.Equal("MIPSEC4016", error.Code.Id);
        Assert.Equal("Token expired", error.ServerReason);
        Assert.Equal(0, connection.ConnectUpdates);
    }

    [Fact]
    public async Task A_transient_renewal_failure_is_retried_within_the_tokens_lifetime_and_reported()
    {
        await using var site = await _context.StartSiteAsync(b => b.WithTokenLifetimes(AccessLifetime, VmsLifetime).AddManagementServer());
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        await using var session = await _context.Login(http).LogInAsync(management, Credentials(site)).WaitAsync(SignallingClock.StallLimit);
        var failures = new BlockingCollection<TokenRenewalFailedEventArgs>();
        var renewed = new TaskCompletionSource<TokenRenewedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        session.RenewalFailed += (_, e) =>
        {
            failures.Add(e);
            site.ManagementServer.Fault = ServerFault.None;
        };
        session.TokenRenewed += (_, e) => renewed.TrySetResult(e);
        site.ManagementServer.Fault = ServerFault.ServiceUnavailable(TimeSpan.FromSeconds(1));

        _context.Clock.Advance(TimeSpan.FromMinutes(8));
        var done = await _context.Clock.DriveAsync(renewed.Task);

        var failure = Assert.Single(failures);
        Assert.Equal(("MIPSEC4008", TokenKind.AccessToken, true), (failure.Error.Code.Id, failure.Kind, failure.WillRetry));
        Assert.True(failure.RetryAt < _context.Clock.GetUtcNow() + AccessLifetime);
        Assert.Equal(TokenKind.AccessToken, done.Kind);
        Assert.Null(session.Fault);
    }

    [Fact]
    public async Task A_refused_login_is_reported_once_with_MIPSEC4007_and_never_retried()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer());
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Login(http).LogInAsync(management, XProtectCredentials.BasicUser(site.Credentials.UserName, "wrong-password")).WaitAsync(SignallingClock.StallLimit));

        Assert.Equal("MIPSEC4007", error.Code.Id);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain("wrong-password", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _metrics.Sum("mipsecure.connection.retries"));
        Assert.Empty(site.Logins);
    }

    [Fact]
    public async Task A_password_is_never_sent_to_an_http_management_server()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer(configure: d => d with { Encrypted = false }));
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var basic = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Login(http).LogInAsync(management, Credentials(site)));
        var legacy = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Login(http).LogInAsync(management, XProtectCredentials.BasicUserWithoutIdentityProvider(site.Credentials.UserName, site.Credentials.Password)));

        Assert.Equal(("MIPSEC4021", "MIPSEC4021"), (basic.Code.Id, legacy.Code.Id));
        Assert.Equal(0, site.ManagementServer.AcceptedConnections);
    }

    [Fact]
    public async Task A_server_before_2021_R1_logs_in_with_http_basic_on_server_command_service_and_logs_out_on_dispose()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().AddRecordingServer());
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        var session = await _context.Login(http).LogInAsync(management, XProtectCredentials.BasicUserWithoutIdentityProvider(site.Credentials.UserName, site.Credentials.Password)).WaitAsync(SignallingClock.StallLimit);
        var recorder = site.RecordingServers[0];

        var result = await new ImageServerClient(_context.Connector()).GetFrameAsync(new XProtectEndpoint(recorder.Uri, ServerRole.RecordingServer), recorder.Cameras[0].Id, session, _context.Clock.GetUtcNow()).WaitAsync(SignallingClock.StallLimit);
        var token = session.VmsToken.Value;
        await session.DisposeAsync();

        Assert.True(result.HasFrame);
        Assert.Null(session.AccessToken);
        Assert.Equal("/ManagementServer/ServerCommandService.svc", Assert.Single(site.Logins).ServicePath);
        Assert.Equal(TokenStatus.Invalid, site.Tokens.CheckVmsToken(token));
    }

    [Fact]
    public async Task Tokens_handed_in_from_the_mip_sdk_are_used_as_they_are()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer());
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        var identityTokenCache = site.Tokens.IssueAccessToken();

        await using var session = await _context.Login(http).LogInAsync(
            management, XProtectCredentials.AccessTokenFrom(() => new MipSecure.Discovery.AccessToken(identityTokenCache, _context.Clock.GetUtcNow().AddHours(1)))).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(identityTokenCache, session.AccessToken!.Value);
        Assert.Equal(TokenStatus.Valid, site.Tokens.CheckVmsToken(session.VmsToken.Value));
        Assert.Equal(LoginMethod.AccessTokenHandedIn, session.Method);
    }

    private static XProtectCredentials Credentials(SimulatedSite site) => XProtectCredentials.BasicUser(site.Credentials.UserName, site.Credentials.Password);

    private static async Task<TokenRenewedEventArgs> Next(BlockingCollection<TokenRenewedEventArgs> renewals) =>
        await Task.Run(() => renewals.TryTake(out var item, SignallingClock.StallLimit) ? item : throw new TimeoutException("No renewal within the stall limit.")).ConfigureAwait(false);

    private static async Task<TokenRenewedEventArgs> NextOf(BlockingCollection<TokenRenewedEventArgs> renewals, TokenKind kind)
    {
        for (var i = 0; i < 4; i++)
        {
            var next = await Next(renewals).ConfigureAwait(false);
            if (next.Kind == kind)
            {
                return next;
            }
        }

        throw new InvalidOperationException($"No {kind} renewal among the next four.");
    }

    public void Dispose() => _context.Dispose();
}
