using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Login;

/// <summary>
/// The management server's identity provider: the access token (a bearer JWT, <c>expires_in</c> 3600 s) for the API Gateway
/// and for ServerCommandService <c>Login</c>. Basic users use the password grant through the API Gateway
/// (<c>/API/IDP/connect/token</c>); Windows users use <c>grant_type=windows_credentials</c> directly at the identity provider
/// (<c>/IDP/connect/token</c>), because the API Gateway does not pass NTLM through (Milestone's
/// <c>RestfulCommunicationPython/identity_provider.py</c>, <c>ServerCommandWrapper/OAuth/IdpClientProxy.cs</c>).
/// </summary>
public sealed class IdentityProviderClient
{
    /// <summary>The OAuth client id both grants use.</summary>
    internal const string ClientId = "GrantValidatorClient";

    /// <summary>The token path of the password grant, through the API Gateway.</summary>
    internal const string PasswordGrantPath = "API/IDP/connect/token";

    /// <summary>The token path of the Windows grant, at the identity provider itself.</summary>
    internal const string WindowsGrantPath = "IDP/connect/token";

    private const int MaxAnswerBytes = 1024 * 1024;
    private const int DefaultLifetimeSeconds = 3600;

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the client.</summary>
    /// <param name="httpClient">A client built on <see cref="Http.SecureHttpHandler"/>; for the Windows grant, one whose handler has the credentials to negotiate with.</param>
    /// <param name="timeProvider">The clock a token's expiry is computed on.</param>
    public IdentityProviderClient(HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets an access token for a basic user with the password grant. Needs https: the password is in the body.</summary>
    /// <param name="managementServer">The management server (the API Gateway on the same host).</param>
    /// <param name="userName">The basic user.</param>
    /// <param name="password">Its password; sent only in the body over TLS, never logged.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The access token.</returns>
    public Task<AccessToken> RequestPasswordTokenAsync(XProtectEndpoint managementServer, string userName, string password, CancellationToken cancellationToken = default)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        LoginFailures.RequireEncrypted(managementServer, PasswordGrantPath);
        var form = new[]
        {
            new KeyValuePair<string, string>("grant_type", "password"),
            new KeyValuePair<string, string>("username", userName ?? throw new ArgumentNullException(nameof(userName))),
            new KeyValuePair<string, string>("password", password ?? throw new ArgumentNullException(nameof(password))),
            new KeyValuePair<string, string>("client_id", ClientId),
        };
        return RequestAsync(managementServer, PasswordGrantPath, form, windows: false, cancellationToken);
    }

    /// <summary>
    /// Gets an access token for a Windows user with <c>grant_type=windows_credentials</c>. The Negotiate (Kerberos or NTLM) exchange is
    /// the platform handler's: give this client an <see cref="HttpClient"/> whose handler has the credentials (or the process identity).
    /// </summary>
    /// <param name="managementServer">The management server, whose identity provider is at <c>/IDP/</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The access token.</returns>
    public Task<AccessToken> RequestWindowsTokenAsync(XProtectEndpoint managementServer, CancellationToken cancellationToken = default)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        var form = new[]
        {
            new KeyValuePair<string, string>("grant_type", "windows_credentials"),
            new KeyValuePair<string, string>("client_id", ClientId),
        };
        return RequestAsync(managementServer, WindowsGrantPath, form, windows: true, cancellationToken);
    }

    private async Task<AccessToken> RequestAsync(XProtectEndpoint managementServer, string path, IEnumerable<KeyValuePair<string, string>> form, bool windows, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(managementServer.Uri, path)) { Content = new FormUrlEncodedContent(form) };
        request.SetXProtectEndpoint(managementServer);
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await LoginFailures.ReadBoundedAsync(managementServer, path, response.Content, MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
        using var document = TryParse(body);
        if (!response.IsSuccessStatusCode)
        {
            throw Refusal(managementServer, path, response, document, windows);
        }

        var root = document?.RootElement;
        var token = root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(token))
        {
            throw LoginFailures.Unreadable(managementServer, path, document is null ? "the answer is not JSON" : "the answer has no access_token");
        }

        var lifetime = root!.Value.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) && seconds > 0 ? seconds : DefaultLifetimeSeconds;
        return new AccessToken(token!, _timeProvider.GetUtcNow().AddSeconds(lifetime));
    }

    private static MipSecureConnectionException Refusal(XProtectEndpoint managementServer, string path, HttpResponseMessage response, JsonDocument? document, bool windows)
    {
        var error = OAuthField(document, "error");
        var description = OAuthField(document, "error_description");
        var said = LoginFailures.Quote(string.Join(": ", new[] { error, description }.Where(s => !string.IsNullOrEmpty(s))));
        var offersNegotiate = response.Headers.WwwAuthenticate.Any(h =>
            string.Equals(h.Scheme, "Negotiate", StringComparison.OrdinalIgnoreCase) || string.Equals(h.Scheme, "NTLM", StringComparison.OrdinalIgnoreCase));
        if (windows && (error == "unsupported_grant_type" || (response.StatusCode == HttpStatusCode.Unauthorized && !offersNegotiate)))
        {
            return new MipSecureConnectionException(
                MipSecCodes.WindowsLoginUnavailable,
                managementServer,
                $"The identity provider of the {managementServer.Description} did not offer the Windows login at {path} (HTTP {(int)response.StatusCode}{said}).",
                "Check that the address is the management server's (2021 R1 or later), or log in as a basic user.",
                isTransient: false);
        }

        if (response.StatusCode == HttpStatusCode.BadRequest || response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return new MipSecureConnectionException(
                MipSecCodes.AuthorizationFailed,
                managementServer,
                $"The identity provider of the {managementServer.Description} refused the login at {path} with HTTP {(int)response.StatusCode}{said}.",
                windows
                    ? "Check the Windows user and its password (or the account the process runs as), that it is in the management server's domain, and that this machine can negotiate (Kerberos or NTLM); MipSecure does not retry a refused login."
                    : "Check the user name and password, and that the user is a basic user (Windows users log in with XProtectCredentials.Windows); MipSecure does not retry a refused login.",
                isTransient: false);
        }

        return LoginFailures.ForStatus(managementServer, path, "the token request", response.StatusCode, description ?? error, unreadable: false);
    }

    private static string? OAuthField(JsonDocument? document, string name) =>
        document?.RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static JsonDocument? TryParse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
