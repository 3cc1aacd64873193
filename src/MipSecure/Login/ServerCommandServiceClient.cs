using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Login;

/// <summary>
/// The management server's ServerCommandService over SOAP 1.1 on plain HTTP(S), without WCF: <c>Login</c>, which turns the
/// identity provider's access token into the VMS token recording servers and the event server accept, and <c>Logout</c>.
/// Requests are byte for byte those of Milestone's <c>OauthLoginFlow</c> sample (<c>ServerCommandServiceLogin</c>):
/// <c>/ManagementServer/ServerCommandServiceOAuth.svc</c> with <c>Authorization: bearer …</c> for 2021 R1 and later, and
/// <c>/ManagementServer/ServerCommandService.svc</c> with HTTP Basic over https for older servers (the SDK's
/// <c>ServerCommandWrapper/BasicConnection.cs</c>). Use an <see cref="HttpClient"/> built on <see cref="Http.SecureHttpHandler"/>.
/// </summary>
public sealed class ServerCommandServiceClient
{
    /// <summary>The service path for OAuth (bearer) logins, 2021 R1 and later.</summary>
    internal const string OAuthServicePath = "ManagementServer/ServerCommandServiceOAuth.svc";

    /// <summary>The service path for HTTP Basic logins on servers without an identity provider (before 2021 R1).</summary>
    internal const string BasicServicePath = "ManagementServer/ServerCommandService.svc";

    /// <summary>The contract namespace of ServerCommandService.</summary>
    internal const string ContractNamespace = "http://videoos.net/2/XProtectCSServerCommand";

    internal const string SoapEnvelopeNamespace = "http://schemas.xmlsoap.org/soap/envelope/";
    private const int MaxAnswerBytes = 1024 * 1024;

    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the client.</summary>
    /// <param name="httpClient">A client built on <see cref="Http.SecureHttpHandler"/>.</param>
    /// <param name="timeProvider">The clock a token's expiry is computed on.</param>
    public ServerCommandServiceClient(HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Calls <c>Login</c> with the identity provider's access token and returns the VMS token.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="accessToken">The identity provider's access token; sent as the bearer, never logged.</param>
    /// <param name="instanceId">This integration instance's login id: the same for every renewal.</param>
    /// <param name="currentToken">The VMS token held now, to renew it; <see langword="null"/> for the first login.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The VMS token.</returns>
    public Task<VmsToken> LoginAsync(XProtectEndpoint managementServer, AccessToken accessToken, Guid instanceId, VmsToken? currentToken = null, CancellationToken cancellationToken = default)
    {
        if (accessToken is null)
        {
            throw new ArgumentNullException(nameof(accessToken));
        }

        return LoginCoreAsync(managementServer, OAuthServicePath, Bearer(accessToken), instanceId, currentToken, cancellationToken);
    }

    /// <summary>Calls <c>Login</c> with HTTP Basic credentials on a server without an identity provider (before 2021 R1). Needs https.</summary>
    /// <param name="managementServer">The management server; its URI must be https.</param>
    /// <param name="basicUser">A basic user; its password is sent only in the Authorization header over TLS, never logged.</param>
    /// <param name="instanceId">This integration instance's login id: the same for every renewal.</param>
    /// <param name="currentToken">The VMS token held now, to renew it; <see langword="null"/> for the first login.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The VMS token.</returns>
    /// <exception cref="MipSecureConnectionException">MIPSEC4021 when the URI is http: the credentials are not sent.</exception>
    public Task<VmsToken> LoginAsync(XProtectEndpoint managementServer, NetworkCredential basicUser, Guid instanceId, VmsToken? currentToken = null, CancellationToken cancellationToken = default)
    {
        var authorization = Basic(managementServer, basicUser);
        return LoginCoreAsync(managementServer, BasicServicePath, authorization, instanceId, currentToken, cancellationToken);
    }

    /// <summary>Calls <c>Logout</c> for the login <paramref name="instanceId"/> on the OAuth service.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="accessToken">The access token.</param>
    /// <param name="instanceId">The login id used with <c>Login</c>.</param>
    /// <param name="token">The VMS token to end.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server answered.</returns>
    public Task LogoutAsync(XProtectEndpoint managementServer, AccessToken accessToken, Guid instanceId, VmsToken token, CancellationToken cancellationToken = default)
    {
        if (accessToken is null)
        {
            throw new ArgumentNullException(nameof(accessToken));
        }

        return LogoutCoreAsync(managementServer, OAuthServicePath, Bearer(accessToken), instanceId, token, cancellationToken);
    }

    /// <summary>Calls <c>Logout</c> for the login <paramref name="instanceId"/> on the Basic service (before 2021 R1).</summary>
    /// <param name="managementServer">The management server; its URI must be https.</param>
    /// <param name="basicUser">The basic user.</param>
    /// <param name="instanceId">The login id used with <c>Login</c>.</param>
    /// <param name="token">The VMS token to end.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the server answered.</returns>
    public Task LogoutAsync(XProtectEndpoint managementServer, NetworkCredential basicUser, Guid instanceId, VmsToken token, CancellationToken cancellationToken = default) =>
        LogoutCoreAsync(managementServer, BasicServicePath, Basic(managementServer, basicUser), instanceId, token, cancellationToken);

    /// <summary>The <c>Login</c> envelope exactly as Milestone's OauthLoginFlow sample writes it.</summary>
    internal static string LoginEnvelope(Guid instanceId, string? currentToken) =>
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">" +
        "<s:Body>" +
        "<Login xmlns=\"http://videoos.net/2/XProtectCSServerCommand\">" +
        "<instanceId>" + instanceId.ToString("D") + "</instanceId>" +
        (string.IsNullOrEmpty(currentToken) ? "<currentToken />" : "<currentToken>" + SecurityElement.Escape(currentToken) + "</currentToken>") +
        "</Login>" +
        "</s:Body>" +
        "</s:Envelope>";

    /// <summary>The <c>Logout</c> envelope, the same shape as <c>Login</c> (operation <c>Logout(Guid instanceId, string currentToken)</c>).</summary>
    internal static string LogoutEnvelope(Guid instanceId, string currentToken) =>
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\">" +
        "<s:Body>" +
        "<Logout xmlns=\"http://videoos.net/2/XProtectCSServerCommand\">" +
        "<instanceId>" + instanceId.ToString("D") + "</instanceId>" +
        "<currentToken>" + SecurityElement.Escape(currentToken) + "</currentToken>" +
        "</Logout>" +
        "</s:Body>" +
        "</s:Envelope>";

    internal static HttpRequestMessage CreateRequest(XProtectEndpoint managementServer, string servicePath, string operation, AuthenticationHeaderValue authorization, string envelope)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(managementServer.Uri, servicePath))
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(envelope)),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/xml; charset=utf-8");
        request.Headers.Authorization = authorization;
        request.Headers.TryAddWithoutValidation("SOAPAction", ContractNamespace + "/IServerCommandService/" + operation);
        return request;
    }

    private static AuthenticationHeaderValue Bearer(AccessToken accessToken) => new("bearer", accessToken.Value);

    private static AuthenticationHeaderValue Basic(XProtectEndpoint managementServer, NetworkCredential basicUser)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        if (basicUser is null)
        {
            throw new ArgumentNullException(nameof(basicUser));
        }

        LoginFailures.RequireEncrypted(managementServer, BasicServicePath);
        var pair = Encoding.UTF8.GetBytes(basicUser.UserName + ":" + basicUser.Password);
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(pair));
    }

    private async Task<VmsToken> LoginCoreAsync(
        XProtectEndpoint managementServer, string servicePath, AuthenticationHeaderValue authorization, Guid instanceId, VmsToken? currentToken, CancellationToken cancellationToken)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        using var request = CreateRequest(managementServer, servicePath, "Login", authorization, LoginEnvelope(instanceId, currentToken?.Value));
        var answer = await SendAsync(managementServer, servicePath, "Login", request, cancellationToken).ConfigureAwait(false);
        var received = _timeProvider.GetUtcNow();
        return ParseLoginResult(managementServer, servicePath, answer, received);
    }

    private async Task LogoutCoreAsync(
        XProtectEndpoint managementServer, string servicePath, AuthenticationHeaderValue authorization, Guid instanceId, VmsToken token, CancellationToken cancellationToken)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        using var request = CreateRequest(managementServer, servicePath, "Logout", authorization, LogoutEnvelope(instanceId, token.Value));
        await SendAsync(managementServer, servicePath, "Logout", request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<XDocument> SendAsync(XProtectEndpoint managementServer, string servicePath, string operation, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.SetXProtectEndpoint(managementServer);
        using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await LoginFailures.ReadBoundedAsync(managementServer, servicePath, response.Content, MaxAnswerBytes, cancellationToken).ConfigureAwait(false);
        var document = TryParse(body);
        if (response.IsSuccessStatusCode && document is not null)
        {
            return document;
        }

        var fault = document?.Descendants().FirstOrDefault(e => e.Name.LocalName == "faultstring")?.Value.Trim();
        throw LoginFailures.ForStatus(managementServer, servicePath, operation, response.StatusCode, fault, document is null && response.IsSuccessStatusCode);
    }

    private static XDocument? TryParse(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxAnswerBytes };
            using var reader = XmlReader.Create(new MemoryStream(body), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    internal static VmsToken ParseLoginResult(XProtectEndpoint managementServer, string servicePath, XDocument answer, DateTimeOffset received)
    {
        // Envelope/Body/LoginResponse/LoginResult, matched by local name as the OauthLoginFlow sample does.
        var result = Child(Child(Child(answer.Root, "Body"), "LoginResponse"), "LoginResult");
        var token = Child(result, "Token")?.Value.Trim();
        var microSecondsText = Child(Child(result, "TimeToLive"), "MicroSeconds")?.Value.Trim();
        if (string.IsNullOrEmpty(token) || !long.TryParse(microSecondsText, NumberStyles.None, CultureInfo.InvariantCulture, out var microSeconds))
        {
            throw LoginFailures.Unreadable(managementServer, servicePath, "the Login answer has no LoginResult with Token and TimeToLive/MicroSeconds");
        }

        var timeToLive = TimeSpan.FromTicks(microSeconds > long.MaxValue / 10 ? long.MaxValue : microSeconds * 10);
        var registration = DateTimeOffset.TryParse(Child(result, "RegistrationTime")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var registered)
            ? registered
            : received;
        var limited = string.Equals(Child(result, "TimeToLiveLimited")?.Value.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        var expires = timeToLive >= DateTimeOffset.MaxValue - received ? DateTimeOffset.MaxValue : received + timeToLive;
        return new VmsToken(token!, registration, timeToLive, limited, expires);
    }

    private static XElement? Child(XElement? parent, string localName) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);
}
