using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Discovery;

/// <summary>
/// Asks a management server which servers the site has and whether each one has encryption on: <c>/api/.well-known/uris</c>,
/// a token from <c>/API/IDP/connect/token</c>, then <c>/api/rest/v1/recordingServers</c> and <c>/api/rest/v1/failoverRecorders</c>.
/// Where public access is on, the public address is the one to dial. Use an <see cref="HttpClient"/> built on
/// <see cref="Http.SecureHttpHandler"/> (<c>AddMipSecure</c> registers one), so every answer comes over a validated connection.
/// </summary>
public sealed class ManagementServerDiscovery
{
    private const int MaxResponseBytes = 16 * 1024 * 1024;

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the discovery client.</summary>
    /// <param name="httpClient">A client built on <see cref="Http.SecureHttpHandler"/>.</param>
    /// <param name="timeProvider">The clock token expiry is computed on.</param>
    public ManagementServerDiscovery(HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Reads <c>/api/.well-known/uris</c>, which needs no login.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The answer.</returns>
    public async Task<WellKnownUris> GetWellKnownUrisAsync(XProtectEndpoint managementServer, CancellationToken cancellationToken = default)
    {
        using var document = await GetJsonAsync(managementServer, "api/.well-known/uris", null, cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var gateways = root.TryGetProperty("ApiGateways", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(e => UriOrNull(e.ValueKind == JsonValueKind.String ? e.GetString() : null)).Where(u => u is not null).Select(u => u!).ToList()
            : new List<Uri>();
        return new WellKnownUris(
            StringOrNull(root, "ProductVersion"),
            UriOrNull(StringOrNull(root, "UnsecureManagementServer")),
            UriOrNull(StringOrNull(root, "SecureManagementServer")),
            UriOrNull(StringOrNull(root, "IdentityProvider")),
            gateways);
    }

    /// <summary>Logs in with the password grant (<c>client_id=GrantValidatorClient</c>) and returns a bearer token.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="userName">A basic user.</param>
    /// <param name="password">Its password; sent only in the request body, never logged.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The token.</returns>
    public async Task<AccessToken> RequestTokenAsync(XProtectEndpoint managementServer, string userName, string password, CancellationToken cancellationToken = default)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(managementServer.Uri, "API/IDP/connect/token"))
        {
            Content = new FormUrlEncodedContent(new[]
            {
                new KeyValuePair<string, string>("grant_type", "password"),
                new KeyValuePair<string, string>("username", userName ?? throw new ArgumentNullException(nameof(userName))),
                new KeyValuePair<string, string>("password", password ?? throw new ArgumentNullException(nameof(password))),
                new KeyValuePair<string, string>("client_id", "GrantValidatorClient"),
            }),
        };
        using var document = await SendForJsonAsync(managementServer, request, cancellationToken).ConfigureAwait(false);
        var token = StringOrNull(document.RootElement, "access_token");
        if (string.IsNullOrEmpty(token))
        {
            throw Unreadable(managementServer, "API/IDP/connect/token", "the answer has no access_token", null);
        }

        var lifetime = document.RootElement.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 3600;
        return new AccessToken(token!, _timeProvider.GetUtcNow().AddSeconds(lifetime));
    }

    /// <summary>Lists the site's recording servers and failover recorders with the encryption their URIs state.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="token">A token from <see cref="RequestTokenAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The site.</returns>
    public async Task<DiscoveredSite> DiscoverAsync(XProtectEndpoint managementServer, AccessToken token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        var wellKnown = await GetWellKnownUrisAsync(managementServer, cancellationToken).ConfigureAwait(false);
        var recorders = await ListServersAsync(managementServer, "api/rest/v1/recordingServers", XProtectServerRole.Recording, token, cancellationToken).ConfigureAwait(false);
        var failovers = await ListServersAsync(managementServer, "api/rest/v1/failoverRecorders", XProtectServerRole.Failover, token, cancellationToken).ConfigureAwait(false);
        return new DiscoveredSite(managementServer, recorders, failovers, null, wellKnown.ProductVersion);
    }

    /// <summary>Logs in and discovers the site in one call.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="userName">A basic user.</param>
    /// <param name="password">Its password; never logged.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The site.</returns>
    public async Task<DiscoveredSite> DiscoverAsync(XProtectEndpoint managementServer, string userName, string password, CancellationToken cancellationToken = default)
    {
        var token = await RequestTokenAsync(managementServer, userName, password, cancellationToken).ConfigureAwait(false);
        return await DiscoverAsync(managementServer, token, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<DiscoveredServer>> ListServersAsync(
        XProtectEndpoint managementServer, string path, XProtectServerRole role, AccessToken token, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(managementServer, path, token, cancellationToken).ConfigureAwait(false);
        if (!document.RootElement.TryGetProperty("array", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw Unreadable(managementServer, path, "the answer has no \"array\"", null);
        }

        var servers = new List<DiscoveredServer>();
        foreach (var item in array.EnumerateArray())
        {
            servers.Add(Describe(managementServer, path, role, item));
        }

        return servers;
    }

    private static DiscoveredServer Describe(XProtectEndpoint managementServer, string path, XProtectServerRole role, JsonElement item)
    {
        var name = StringOrNull(item, "name") ?? StringOrNull(item, "displayName");
        var id = StringOrNull(item, "id") ?? name ?? string.Empty;
        var webServerUri = UriOrNull(StringOrNull(item, "webServerUri"))
            ?? throw Unreadable(managementServer, path, $"the server '{name ?? id}' has no valid webServerUri", null);
        var active = UriOrNull(StringOrNull(item, "activeWebServerUri"));
        var publicAccess = item.TryGetProperty("publicAccessEnabled", out var pa) && pa.ValueKind == JsonValueKind.True;
        var enabled = !item.TryGetProperty("enabled", out var en) || en.ValueKind != JsonValueKind.False;
        var dial = webServerUri;
        if (publicAccess)
        {
            // The scheme of webServerUri states encryption; public access only changes where to reach the server.
            var publicHost = StringOrNull(item, "publicWebserverHostName");
            var publicPort = item.TryGetProperty("publicWebserverPort", out var pp) && pp.TryGetInt32(out var port) && port > 0 ? port : webServerUri.Port;
            dial = !string.IsNullOrWhiteSpace(publicHost)
                ? new UriBuilder(webServerUri) { Host = publicHost, Port = publicPort }.Uri
                : active ?? webServerUri;
        }

        return new DiscoveredServer(id, new XProtectEndpoint(dial, role, name), webServerUri, active, publicAccess, enabled);
    }

    private Task<JsonDocument> GetJsonAsync(XProtectEndpoint managementServer, string path, AccessToken? token, CancellationToken cancellationToken)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(managementServer.Uri, path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Value);
        }

        return SendAndDisposeAsync(managementServer, request, cancellationToken);
    }

    private async Task<JsonDocument> SendAndDisposeAsync(XProtectEndpoint managementServer, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        {
            return await SendForJsonAsync(managementServer, request, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<JsonDocument> SendForJsonAsync(XProtectEndpoint managementServer, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath.TrimStart('/');
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        ThrowIfFailed(managementServer, path, response);
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw Unreadable(managementServer, path, $"the answer is larger than {MaxResponseBytes} bytes", null);
        }

        var body = await ReadBoundedAsync(managementServer, path, response.Content, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? string.Format(CultureInfo.InvariantCulture, " at line {0}, byte {1}", line + 1, (ex.BytePositionInLine ?? 0) + 1)
                : string.Empty;
            throw Unreadable(managementServer, path, "the answer is not complete JSON" + where, ex);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(XProtectEndpoint managementServer, string path, HttpContent content, CancellationToken cancellationToken)
    {
#if NET
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using var buffer = new System.IO.MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > MaxResponseBytes)
            {
                throw Unreadable(managementServer, path, $"the answer is larger than {MaxResponseBytes} bytes", null);
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static void ThrowIfFailed(XProtectEndpoint managementServer, string path, HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var status = (int)response.StatusCode;

        // The identity provider answers a wrong password with 400 invalid_grant (OAuth 2.0), the REST API with 401.
        var refusedLogin = response.StatusCode == HttpStatusCode.BadRequest && path.EndsWith("connect/token", StringComparison.OrdinalIgnoreCase);
        if (refusedLogin || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new MipSecureConnectionException(
                MipSecCodes.AuthorizationFailed,
                managementServer,
                $"The {managementServer.Description} refused {path} with HTTP {status}.",
                "Check the user name and password (a basic user for the password grant), and that the user's role may read the configuration.",
                isTransient: false);
        }

        var transient = TransientFaults.IsTransient(response.StatusCode);
        throw new MipSecureConnectionException(
            transient ? MipSecCodes.ServerBusy : MipSecCodes.UnexpectedHttpStatus,
            managementServer,
            $"The {managementServer.Description} answered {path} with HTTP {status}{(transient ? " after every retry" : string.Empty)}.",
            transient
                ? "The server is overloaded or restarting; try again later or raise MipSecure:Retry:MaxRetryAttempts."
                : "Check that the address is the management server's and that its version has the REST API (2022 R1 or later).",
            transient);
    }

    private static MipSecureConnectionException Unreadable(XProtectEndpoint managementServer, string path, string problem, Exception? inner) =>
        new(
            MipSecCodes.DiscoveryResponseInvalid,
            managementServer,
            $"The {managementServer.Description} answered {path}, but {problem}.",
            "Check that the address is the management server's API gateway and that no proxy cuts or rewrites its answers.",
            isTransient: false,
            inner);

    private static string? StringOrNull(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Uri? UriOrNull(string? text) =>
        !string.IsNullOrWhiteSpace(text) && Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
}
