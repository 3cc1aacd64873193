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
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Discovery;

/// <summary>
/// Asks a management server which servers the site has and whether each one has encryption on: <c>/api/.well-known/uris</c>
/// (which names the identity provider and the API gateway, possibly on other hosts), a token from the identity provider, then
/// the gateway's <c>recordingServers</c>, <c>failoverRecorders</c> and <c>registeredServices</c>. Each recorder is dialled at its
/// <c>webServerUri</c> unless the caller stands outside (<see cref="AddressSelection"/>). Use an <see cref="HttpClient"/> built on
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
    internal async Task<WellKnownUris> GetWellKnownUrisAsync(XProtectEndpoint managementServer, CancellationToken cancellationToken = default)
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

    /// <summary>
    /// Logs in with the password grant (<c>client_id=GrantValidatorClient</c>) at the identity provider that
    /// <c>/api/.well-known/uris</c> names (it may be on another host), and returns a bearer token.
    /// </summary>
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

        var wellKnown = await GetWellKnownUrisAsync(managementServer, cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenUri(managementServer, wellKnown))
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
            throw Unreadable(managementServer, "IDP/connect/token", "the answer has no access_token", null);
        }

        var lifetime = document.RootElement.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 3600;
        return new AccessToken(token!, _timeProvider.GetUtcNow().AddSeconds(lifetime));
    }

    /// <summary>
    /// Lists the site's enabled recording servers and failover recorders (dialled at their <c>webServerUri</c>) and the
    /// mobile and event servers of the registered services.
    /// </summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="token">A token from <see cref="RequestTokenAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The site.</returns>
    public Task<DiscoveredSite> DiscoverAsync(XProtectEndpoint managementServer, AccessToken token, CancellationToken cancellationToken = default) =>
        DiscoverAsync(managementServer, token, new DiscoveryOptions(), cancellationToken);

    /// <summary>
    /// Lists the site's recording servers and failover recorders with the addresses <paramref name="options"/> choose, and
    /// the mobile and event servers of the registered services (2024 R2 and later; older sites have none, which
    /// <see cref="DiscoveredSite.RegisteredServicesListed"/> tells). The REST API is read from the API gateway that
    /// <c>/api/.well-known/uris</c> names, which may be on another host than the management server.
    /// </summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="token">A token from <see cref="RequestTokenAsync"/>.</param>
    /// <param name="options">Which addresses to dial and whether disabled servers are listed.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The site.</returns>
    /// <exception cref="MipSecureConnectionException">MIPSEC4030 when the user's role may not read the configuration.</exception>
    public async Task<DiscoveredSite> DiscoverAsync(XProtectEndpoint managementServer, AccessToken token, DiscoveryOptions options, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        options ??= new DiscoveryOptions();
        var wellKnown = await GetWellKnownUrisAsync(managementServer, cancellationToken).ConfigureAwait(false);
        var gateway = GatewayOf(managementServer, wellKnown);
        var disabled = options.IncludeDisabled ? "?disabled" : string.Empty;
        var recorders = await ListServersAsync(gateway, "rest/v1/recordingServers" + disabled, ServerRole.RecordingServer, token, options.Addresses, cancellationToken).ConfigureAwait(false);
        var failovers = await ListServersAsync(gateway, "rest/v1/failoverRecorders" + disabled, ServerRole.FailoverRecorder, token, options.Addresses, cancellationToken).ConfigureAwait(false);
        var services = await ListServicesAsync(gateway, options.IncludeDisabled ? "rest/v1/registeredServices?includeDisabled" : "rest/v1/registeredServices", token, cancellationToken).ConfigureAwait(false);
        return new DiscoveredSite(managementServer, recorders, failovers, null, wellKnown.ProductVersion)
        {
            Services = services ?? Array.Empty<DiscoveredService>(),
            RegisteredServicesListed = services is not null,
            ApiGateway = gateway.Uri,
            IdentityProvider = wellKnown.IdentityProvider,
        };
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

    /// <summary>
    /// Lists the enabled cameras of a recording server from the RESTful Configuration API: its hardware
    /// (<c>recordingServers/{id}/hardware</c>), then the cameras of each enabled hardware (<c>hardware/{id}/cameras</c>), in the
    /// order the API gives them. It stops asking once <paramref name="maxCameras"/> are found.
    /// </summary>
    /// <param name="site">The discovered site, whose API gateway is asked.</param>
    /// <param name="recorder">A recording server of the site.</param>
    /// <param name="token">The access token.</param>
    /// <param name="maxCameras">The most cameras wanted; one is enough to prove a login.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The cameras; empty when the recorder has no enabled hardware with an enabled camera.</returns>
    /// <exception cref="MipSecureConnectionException">MIPSEC4030 when the user's role may not read the configuration.</exception>
    public async Task<IReadOnlyList<DiscoveredCamera>> ListCamerasAsync(DiscoveredSite site, DiscoveredServer recorder, AccessToken token, int maxCameras = int.MaxValue, CancellationToken cancellationToken = default)
    {
        if (site is null)
        {
            throw new ArgumentNullException(nameof(site));
        }

        if (recorder is null)
        {
            throw new ArgumentNullException(nameof(recorder));
        }

        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        var gateway = GatewayOf(site);
        var cameras = new List<DiscoveredCamera>();
        foreach (var hardwareId in await EnabledIdsAsync(gateway, "rest/v1/recordingServers/" + Uri.EscapeDataString(recorder.Id) + "/hardware", token, cancellationToken).ConfigureAwait(false))
        {
            var path = "rest/v1/hardware/" + Uri.EscapeDataString(hardwareId) + "/cameras";
            using var document = await GetJsonAsync(gateway, path, token, cancellationToken).ConfigureAwait(false);
            foreach (var item in ArrayOf(gateway, path, document))
            {
                if (IsEnabled(item) && Guid.TryParse(StringOrNull(item, "id"), out var id))
                {
                    cameras.Add(new DiscoveredCamera(id, NameOf(item, id), hardwareId, recorder.Id));
                    if (cameras.Count >= maxCameras)
                    {
                        return cameras;
                    }
                }
            }
        }

        return cameras;
    }

    /// <summary>
    /// Lists the enabled cameras of every recording server of the site in two requests: the enabled hardware (<c>hardware</c>,
    /// each related to its recording server) and the enabled cameras (<c>cameras</c>, each related to its hardware), in the
    /// order the API gives them. Cheaper than <see cref="ListCamerasAsync"/> per recorder on sites with many recorders; the
    /// answers are bounded like every other (MIPSEC4010 when larger).
    /// </summary>
    /// <param name="site">The discovered site, whose API gateway is asked.</param>
    /// <param name="token">The access token.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The cameras whose hardware belongs to a recording server.</returns>
    /// <exception cref="MipSecureConnectionException">MIPSEC4030 when the user's role may not read the configuration.</exception>
    public async Task<IReadOnlyList<DiscoveredCamera>> ListSiteCamerasAsync(DiscoveredSite site, AccessToken token, CancellationToken cancellationToken = default)
    {
        if (site is null)
        {
            throw new ArgumentNullException(nameof(site));
        }

        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        var gateway = GatewayOf(site);
        var recorderOfHardware = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using (var hardware = await GetJsonAsync(gateway, "rest/v1/hardware", token, cancellationToken).ConfigureAwait(false))
        {
            foreach (var item in ArrayOf(gateway, "rest/v1/hardware", hardware))
            {
                if (IsEnabled(item) && StringOrNull(item, "id") is { Length: > 0 } id && ParentOf(item, "recordingServers") is { } recorder)
                {
                    recorderOfHardware[id] = recorder;
                }
            }
        }

        var cameras = new List<DiscoveredCamera>();
        using var list = await GetJsonAsync(gateway, "rest/v1/cameras", token, cancellationToken).ConfigureAwait(false);
        foreach (var item in ArrayOf(gateway, "rest/v1/cameras", list))
        {
            if (IsEnabled(item) && Guid.TryParse(StringOrNull(item, "id"), out var id)
                && ParentOf(item, "hardware") is { } hardwareId && recorderOfHardware.TryGetValue(hardwareId, out var recorderId))
            {
                cameras.Add(new DiscoveredCamera(id, NameOf(item, id), hardwareId, recorderId));
            }
        }

        return cameras;
    }

    private static XProtectEndpoint GatewayOf(DiscoveredSite site)
    {
        var managementServer = site.ManagementServer ?? throw new ArgumentException("The site has no management server.", nameof(site));
        return new XProtectEndpoint(WithTrailingSlash(site.ApiGateway ?? new Uri(managementServer.Uri, "api/")), ServerRole.ManagementServer, managementServer.Name);
    }

    private static bool IsEnabled(JsonElement item) => !item.TryGetProperty("enabled", out var en) || en.ValueKind != JsonValueKind.False;

    private static string NameOf(JsonElement item, Guid id) => StringOrNull(item, "name") ?? StringOrNull(item, "displayName") ?? id.ToString("D");

    // relations.parent.id when relations.parent.type is the expected collection.
    private static string? ParentOf(JsonElement item, string type) =>
        item.TryGetProperty("relations", out var relations) && relations.ValueKind == JsonValueKind.Object
        && relations.TryGetProperty("parent", out var parent) && parent.ValueKind == JsonValueKind.Object
        && string.Equals(StringOrNull(parent, "type"), type, StringComparison.OrdinalIgnoreCase)
            ? StringOrNull(parent, "id")
            : null;

    private async Task<List<string>> EnabledIdsAsync(XProtectEndpoint gateway, string path, AccessToken token, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(gateway, path, token, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        foreach (var item in ArrayOf(gateway, path, document))
        {
            if (IsEnabled(item) && StringOrNull(item, "id") is { Length: > 0 } id)
            {
                ids.Add(id);
            }
        }

        return ids;
    }

    // The identity provider takes the token request itself (the gateway also forwards /API/IDP/, but not every grant).
    private static Uri TokenUri(XProtectEndpoint managementServer, WellKnownUris wellKnown) =>
        wellKnown.IdentityProvider is { } idp
            ? new Uri(WithTrailingSlash(idp), "connect/token")
            : new Uri(managementServer.Uri, "API/IDP/connect/token");

    // Prefer a gateway with the management server's scheme, so an encrypted site is read over TLS.
    private static XProtectEndpoint GatewayOf(XProtectEndpoint managementServer, WellKnownUris wellKnown)
    {
        var gateways = wellKnown.ApiGateways;
        var gateway = gateways.FirstOrDefault(g => g.Scheme == managementServer.Uri.Scheme)
            ?? (gateways.Count > 0 ? gateways[0] : new Uri(managementServer.Uri, "api/"));
        return new XProtectEndpoint(WithTrailingSlash(gateway), ServerRole.ManagementServer, managementServer.Name);
    }

    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith("/", StringComparison.Ordinal) ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;

    private async Task<IReadOnlyList<DiscoveredServer>> ListServersAsync(
        XProtectEndpoint gateway, string path, ServerRole role, AccessToken token, AddressSelection addresses, CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(gateway, path, token, cancellationToken).ConfigureAwait(false);
        var servers = new List<DiscoveredServer>();
        foreach (var item in ArrayOf(gateway, path, document))
        {
            servers.Add(Describe(gateway, path, role, item, addresses));
        }

        return servers;
    }

    // Null when the management server has no registered services list (before 2024 R2: 404) or will not show it (403).
    private async Task<IReadOnlyList<DiscoveredService>?> ListServicesAsync(XProtectEndpoint gateway, string path, AccessToken token, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await GetJsonAsync(gateway, path, token, cancellationToken).ConfigureAwait(false);
        }
        catch (MipSecureConnectionException ex) when (ex.Code.Equals(MipSecCodes.UnexpectedHttpStatus) || ex.Code.Equals(MipSecCodes.ConfigurationAccessDenied))
        {
            return null;
        }

        using (document)
        {
            var services = new List<DiscoveredService>();
            foreach (var item in ArrayOf(gateway, path, document))
            {
                var type = StringOrNull(item, "serviceType");
                ServerRole? role = Guid.TryParse(type, out var id)
                    ? id == RegisteredServiceTypes.MobileServer ? ServerRole.MobileServer : id == RegisteredServiceTypes.EventServer ? ServerRole.EventServer : null
                    : null;
                if (role is null)
                {
                    continue;
                }

                var uris = item.TryGetProperty("uris", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(u => UriOrNull(u.ValueKind == JsonValueKind.String ? u.GetString() : null)).Where(u => u is not null).Select(u => u!).ToList()
                    : new List<Uri>();
                if (uris.Count == 0)
                {
                    continue;
                }

                var name = StringOrNull(item, "name") ?? StringOrNull(item, "description") ?? uris[0].Host;
                var enabled = !item.TryGetProperty("enabled", out var en) || en.ValueKind != JsonValueKind.False;
                services.Add(new DiscoveredService(StringOrNull(item, "id") ?? name, name, role.Value, uris, enabled));
            }

            return services;
        }
    }

    private static JsonElement.ArrayEnumerator ArrayOf(XProtectEndpoint gateway, string path, JsonDocument document)
    {
        if (!document.RootElement.TryGetProperty("array", out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw Unreadable(gateway, path, "the answer has no \"array\"", null);
        }

        return array.EnumerateArray();
    }

    private static DiscoveredServer Describe(XProtectEndpoint gateway, string path, ServerRole role, JsonElement item, AddressSelection addresses)
    {
        var name = StringOrNull(item, "name") ?? StringOrNull(item, "displayName");
        var id = StringOrNull(item, "id") ?? name ?? string.Empty;
        var webServerUri = UriOrNull(StringOrNull(item, "webServerUri"))
            ?? throw Unreadable(gateway, path, $"the server '{name ?? id}' has no valid webServerUri", null);
        var active = UriOrNull(StringOrNull(item, "activeWebServerUri"));
        var publicAccess = item.TryGetProperty("publicAccessEnabled", out var pa) && pa.ValueKind == JsonValueKind.True;
        var enabled = !item.TryGetProperty("enabled", out var en) || en.ValueKind != JsonValueKind.False;
        var publicUri = publicAccess ? PublicAddress(item, webServerUri, active) : null;

        // The scheme of webServerUri states encryption; public access only changes where clients outside reach the server.
        var local = new XProtectEndpoint(webServerUri, role, name);
        var outside = publicUri is null ? local : new XProtectEndpoint(publicUri, role, name);
        var chosen = addresses switch
        {
            AddressSelection.Public => new[] { outside },
            AddressSelection.Both => new[] { local, outside }.Distinct().ToArray(),
            _ => new[] { local },
        };
        return new DiscoveredServer(id, chosen[0], webServerUri, active, publicAccess, enabled)
        {
            PublicUri = publicUri,
            Addresses = chosen,
        };
    }

    // publicWebserverHostName:publicWebserverPort, else a non-empty activeWebServerUri that differs from the local address.
    private static Uri? PublicAddress(JsonElement item, Uri webServerUri, Uri? active)
    {
        var publicHost = StringOrNull(item, "publicWebserverHostName");
        if (!string.IsNullOrWhiteSpace(publicHost) && Uri.CheckHostName(publicHost) != UriHostNameType.Unknown)
        {
            var publicPort = item.TryGetProperty("publicWebserverPort", out var pp) && pp.TryGetInt32(out var port) && port is > 0 and < 65536 ? port : webServerUri.Port;
            return new UriBuilder(webServerUri) { Host = publicHost, Port = publicPort }.Uri;
        }

        return active is not null && active != webServerUri ? active : null;
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
        request.SetXProtectEndpoint(managementServer);
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var detail = await ErrorTextAsync(response, cancellationToken).ConfigureAwait(false);
            ThrowIfFailed(managementServer, path, response, detail);
        }

        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw Unreadable(managementServer, path, $"the answer is larger than {MaxResponseBytes} bytes", null);
        }

        var body = await ReadBoundedAsync(response.Content, MaxResponseBytes, cancellationToken).ConfigureAwait(false)
            ?? throw Unreadable(managementServer, path, $"the answer is larger than {MaxResponseBytes} bytes", null);
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

    // Null when the body is larger than the limit.
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
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

            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }
    }

    // REST errors come as {"error":{"httpCode":403,"details":[{"errorText":"…"}]}} (a real server's answer); OAuth errors as {"error":"invalid_grant"}.
    private static async Task<string?> ErrorTextAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await ReadBoundedAsync(response.Content, 64 * 1024, cancellationToken).ConfigureAwait(false);
            if (body is null)
            {
                return null;
            }

            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            if (!document.RootElement.TryGetProperty("error", out var error))
            {
                return null;
            }

            if (error.ValueKind == JsonValueKind.String)
            {
                return StringOrNull(document.RootElement, "error_description") ?? error.GetString();
            }

            return error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array
                ? string.Join("; ", details.EnumerateArray().Select(d => StringOrNull(d, "errorText")).Where(t => !string.IsNullOrWhiteSpace(t)))
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void ThrowIfFailed(XProtectEndpoint managementServer, string path, HttpResponseMessage response, string? detail)
    {
        var status = (int)response.StatusCode;
        var said = string.IsNullOrWhiteSpace(detail) ? string.Empty : $" (\"{Truncate(detail!)}\")";
        var isTokenRequest = path.EndsWith("connect/token", StringComparison.OrdinalIgnoreCase);

        // A 403 on the configuration means the login worked but the user's role may not read it.
        if (response.StatusCode == HttpStatusCode.Forbidden && !isTokenRequest)
        {
            throw new MipSecureConnectionException(
                MipSecCodes.ConfigurationAccessDenied,
                managementServer,
                $"The {managementServer.Description} accepted the login but refused {path} with HTTP 403{said}: the user's role may not read the configuration.",
                "Use a user with the Administrators role (or a role that may read the configuration), or describe the servers in mipsecure.json.",
                isTransient: false);
        }

        // The identity provider answers a wrong password with 400 invalid_grant (OAuth 2.0), the REST API with 401.
        var refusedLogin = response.StatusCode == HttpStatusCode.BadRequest && isTokenRequest;
        if (refusedLogin || response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new MipSecureConnectionException(
                MipSecCodes.AuthorizationFailed,
                managementServer,
                $"The {managementServer.Description} refused {path} with HTTP {status}{said}.",
                "Check the user name and password (a basic user for the password grant), and that the user's role may read the configuration.",
                isTransient: false);
        }

        var transient = TransientFaults.IsTransient(response.StatusCode);
        throw new MipSecureConnectionException(
            transient ? MipSecCodes.ServerBusy : MipSecCodes.UnexpectedHttpStatus,
            managementServer,
            $"The {managementServer.Description} answered {path} with HTTP {status}{said}{(transient ? " after every retry" : string.Empty)}.",
            transient
                ? "The server is overloaded or restarting; try again later or raise MipSecure:Retry:MaxRetryAttempts."
                : "Check that the address is the management server's and that its version has the REST API (2022 R1 or later).",
            transient);
    }

    private static string Truncate(string text) => text.Length <= 200 ? text : string.Concat(text.Remove(200), "…");

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
