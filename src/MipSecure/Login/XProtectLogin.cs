using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Login;

/// <summary>
/// Logs in to XProtect sites: <see cref="LogInAsync"/> gets the access token and the VMS token and returns a <see cref="LoginSession"/>
/// that keeps them valid. <c>AddMipSecure</c> registers one whose connections validate every certificate.
/// </summary>
public sealed class XProtectLogin
{
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly Func<ICredentials, HttpClient>? _negotiatingClientFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the login service.</summary>
    /// <param name="httpClient">A client built on <see cref="Http.SecureHttpHandler"/>.</param>
    /// <param name="timeProvider">The clock token lifetimes and renewals run on.</param>
    /// <param name="negotiatingClientFactory">
    /// Builds a client whose handler negotiates (Kerberos/NTLM) with the given credentials, for Windows users; for example one on a
    /// <see cref="Http.SecureHttpHandler"/> with <see cref="Http.SecureHttpHandler.Credentials"/> set.
    /// </param>
    /// <param name="logger">Where logins and renewals are logged (never a secret).</param>
    public XProtectLogin(HttpClient httpClient, TimeProvider? timeProvider = null, Func<ICredentials, HttpClient>? negotiatingClientFactory = null, ILogger<LoginSession>? logger = null)
    {
        _httpClient = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
        _timeProvider = timeProvider ?? TimeProvider.System;
        _negotiatingClientFactory = negotiatingClientFactory;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Logs in and starts renewing. A refused login is thrown at once (MIPSEC4007, or MIPSEC4015 for a missing role), never retried.</summary>
    /// <param name="managementServer">The management server.</param>
    /// <param name="credentials">Who logs in.</param>
    /// <param name="cancellationToken">Cancels the login.</param>
    /// <returns>The session; dispose it to log out.</returns>
    public async Task<LoginSession> LogInAsync(XProtectEndpoint managementServer, XProtectCredentials credentials, CancellationToken cancellationToken = default)
    {
        if (managementServer is null)
        {
            throw new ArgumentNullException(nameof(managementServer));
        }

        if (credentials is null)
        {
            throw new ArgumentNullException(nameof(credentials));
        }

        var identityProvider = credentials.Method switch
        {
            LoginMethod.BasicUser => new IdentityProviderClient(_httpClient, _timeProvider),
            LoginMethod.WindowsUser => new IdentityProviderClient(NegotiatingClient(managementServer, credentials.Credential), _timeProvider),
            _ => null,
        };
        var session = new LoginSession(managementServer, credentials, identityProvider, new ServerCommandServiceClient(_httpClient, _timeProvider), _timeProvider, _logger);
        await session.StartAsync(cancellationToken).ConfigureAwait(false);
        return session;
    }

    private HttpClient NegotiatingClient(XProtectEndpoint managementServer, NetworkCredential? credential)
    {
        if (_negotiatingClientFactory is null)
        {
            throw new MipSecureConnectionException(
                MipSecCodes.WindowsLoginUnavailable,
                managementServer,
                "This XProtectLogin has no negotiating HTTP client, so it cannot log in a Windows user.",
                "Get XProtectLogin from AddMipSecure, or pass a negotiatingClientFactory that builds a SecureHttpHandler with Credentials set.",
                isTransient: false);
        }

        return _negotiatingClientFactory(credential ?? CredentialCache.DefaultCredentials);
    }
}
