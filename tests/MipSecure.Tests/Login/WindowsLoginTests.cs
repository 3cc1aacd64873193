using System;
using System.Net;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;
using MipSecure.Tests.TestSupport;
using Xunit;

namespace MipSecure.Tests.Login;

/// <summary>
/// The Windows user's login: <c>grant_type=windows_credentials</c> at <c>/IDP/connect/token</c>, negotiated by the platform's
/// handler against the simulated identity provider's Negotiate server (NTLM through GSSAPI on loopback), then Login.
/// </summary>
public sealed class WindowsLoginTests : IDisposable
{
    private readonly ClientTestContext _context = new();
    private readonly MetricsRecorder _metrics;

    public WindowsLoginTests()
    {
        _metrics = new MetricsRecorder(_context.Metrics);
    }

    [WindowsLoginFact]
    public async Task A_windows_user_negotiates_the_access_token_and_gets_a_vms_token_a_recorder_accepts()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().AddRecordingServer().WithWindowsUser("CONTOSO"));
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        var user = site.WindowsUser!;

        await using var session = await _context.Login(http)
            .LogInAsync(management, XProtectCredentials.WindowsUser(new NetworkCredential(user.UserName, user.Password, user.Domain)))
            .WaitAsync(SignallingClock.StallLimit);
        var recorder = site.RecordingServers[0];
        var frame = await new ImageServerClient(_context.Connector())
            .GetFrameAsync(new XProtectEndpoint(recorder.Uri, ServerRole.RecordingServer, recorder.Name), recorder.Cameras[0].Id, session, _context.Clock.GetUtcNow())
            .WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(LoginMethod.WindowsUser, session.Method);
        Assert.Equal(TokenStatus.Valid, site.Tokens.CheckAccessToken(session.AccessToken!.Value));
        Assert.Contains(Subject(session.AccessToken.Value), new[] { user.QualifiedName }, StringComparer.OrdinalIgnoreCase);
        Assert.Equal(TokenStatus.Valid, site.Tokens.CheckVmsToken(session.VmsToken.Value));
        Assert.Single(site.Logins);
        Assert.True(frame.HasFrame);
    }

    [WindowsLoginFact]
    public async Task A_wrong_windows_password_is_refused_once_with_MIPSEC4007_and_never_retried()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().WithWindowsUser("CONTOSO"));
        using var http = _context.HttpClient();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);
        var user = site.WindowsUser!;

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => _context.Login(http)
            .LogInAsync(management, XProtectCredentials.WindowsUser(new NetworkCredential(user.UserName, "not-" + user.Password, user.Domain)))
            .WaitAsync(SignallingClock.StallLimit));

        Assert.Equal("MIPSEC4007", error.Code.Id);
        Assert.False(error.IsTransient);
        Assert.Contains("IDP/connect/token", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Password, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, _metrics.Sum("mipsecure.connection.retries"));
        Assert.Equal(0, site.LoginRequests);
    }

    [WindowsLoginFact]
    public async Task The_windows_grant_is_not_answered_through_the_api_gateway()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().WithWindowsUser("CONTOSO"));
        using var http = _context.HttpClient();
        using var form = new System.Net.Http.FormUrlEncodedContent(new[]
        {
            new System.Collections.Generic.KeyValuePair<string, string>("grant_type", "windows_credentials"),
            new System.Collections.Generic.KeyValuePair<string, string>("client_id", IdentityProviderClient.ClientId),
        });

        using var response = await http.PostAsync(new Uri(site.ManagementServer.Uri, IdentityProviderClient.PasswordGrantPath), form).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unsupported_grant_type", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose() => _context.Dispose();

    // The simulated access token is JWT-shaped: its payload names the user the identity provider authenticated.
    private static string Subject(string accessToken)
    {
        var payload = accessToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='));
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty("sub").GetString()!;
    }
}
