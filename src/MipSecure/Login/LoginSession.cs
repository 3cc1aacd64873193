using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MipSecure.Connections;
using MipSecure.Diagnostics;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Login;

/// <summary>
/// A login to one XProtect site that keeps both of its tokens valid: the identity provider's access token for the API Gateway and
/// the management server, and the VMS token from ServerCommandService <c>Login</c> for recording servers and the event server.
/// Each token is renewed on the session's <see cref="TimeProvider"/> when four fifths of its lifetime have passed: the access token
/// by asking the identity provider again, the VMS token with <c>Login</c> under the same <see cref="InstanceId"/> and the token held
/// as <c>currentToken</c>. A transient failure is retried with backoff while the token still lives; a trust or credential failure
/// stops renewing and is reported with its code through <see cref="RenewalFailed"/>. Dispose it to log out.
/// </summary>
public sealed class LoginSession : IVmsTokenSource, IAsyncDisposable
{
    /// <summary>The share of a token's lifetime after which it is renewed.</summary>
    internal const double RenewalPoint = 0.8;

    private const string AccessTokenName = "access token";
    private const string VmsTokenName = "VMS token";
    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private readonly XProtectCredentials _credentials;
    private readonly IdentityProviderClient? _identityProvider;
    private readonly ServerCommandServiceClient _serverCommandService;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private AccessToken? _accessToken;
    private VmsToken _vmsToken = null!;
    private DateTimeOffset _accessRenewAt = DateTimeOffset.MaxValue;
    private DateTimeOffset _vmsRenewAt;
    private Task _renewals = Task.CompletedTask;
    private int _disposed;

    internal LoginSession(
        XProtectEndpoint managementServer,
        XProtectCredentials credentials,
        IdentityProviderClient? identityProvider,
        ServerCommandServiceClient serverCommandService,
        TimeProvider timeProvider,
        ILogger logger)
    {
        ManagementServer = managementServer;
        _credentials = credentials;
        _identityProvider = identityProvider;
        _serverCommandService = serverCommandService;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Raised after a token was renewed (on a background thread).</summary>
    public event EventHandler<TokenRenewedEventArgs>? TokenRenewed;

    /// <summary>Raised when a renewal failed, with its code and whether the session tries again (on a background thread).</summary>
    public event EventHandler<TokenRenewalFailedEventArgs>? RenewalFailed;

    /// <summary>Gets the management server logged in to.</summary>
    public XProtectEndpoint ManagementServer { get; }

    /// <summary>Gets the login id sent with every <c>Login</c> of this session.</summary>
    public Guid InstanceId { get; } = Guid.NewGuid();

    /// <summary>Gets the access token for the API Gateway and the management server; <see langword="null"/> on a server without an identity provider.</summary>
    public AccessToken? AccessToken => Volatile.Read(ref _accessToken);

    /// <summary>Gets the VMS token for recording servers and the event server.</summary>
    public VmsToken VmsToken => Volatile.Read(ref _vmsToken);

    /// <summary>Gets the failure that stopped renewals, or <see langword="null"/> while the session renews.</summary>
    public MipSecureException? Fault { get; private set; }

    /// <summary>Gets how the session logged in.</summary>
    public LoginMethod Method => _credentials.Method;

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_credentials.Method != LoginMethod.BasicUserWithoutIdentityProvider)
        {
            await RenewAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        }

        await RenewVmsTokenAsync(cancellationToken).ConfigureAwait(false);
        var who = _credentials.ToString();
        Log.LoggedIn(_logger, ManagementServer, who, VmsToken.ExpiresAt);
        _renewals = Task.Run(() => RenewLoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Renews both tokens now, for example after a recording server refused the VMS token.</summary>
    /// <param name="cancellationToken">Cancels the renewal.</param>
    /// <returns>A task that completes when both tokens are new.</returns>
    public async Task RenewNowAsync(CancellationToken cancellationToken = default)
    {
        if (_credentials.Method != LoginMethod.BasicUserWithoutIdentityProvider)
        {
            await RenewAccessTokenAsync(cancellationToken).ConfigureAwait(false);
            Raise(TokenKind.AccessToken, AccessToken!.ExpiresAt);
        }

        await RenewVmsTokenAsync(cancellationToken).ConfigureAwait(false);
        Raise(TokenKind.VmsToken, VmsToken.ExpiresAt);
    }

    /// <summary>Stops renewing and logs out (<c>Logout</c> with the instance id and the VMS token). A failed logout is logged, not thrown.</summary>
    /// <returns>A task that completes when the session ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        try
        {
            await _renewals.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }

        try
        {
            using var timeout = new CancellationTokenSource();
            using var timer = TimeProviderDelay.CancelAfter(_timeProvider, timeout, TimeSpan.FromSeconds(10));
            if (_credentials.Method == LoginMethod.BasicUserWithoutIdentityProvider)
            {
                await _serverCommandService.LogoutAsync(ManagementServer, _credentials.Credential!, InstanceId, VmsToken, timeout.Token).ConfigureAwait(false);
            }
            else if (AccessToken is { } access && access.ExpiresAt > _timeProvider.GetUtcNow())
            {
                await _serverCommandService.LogoutAsync(ManagementServer, access, InstanceId, VmsToken, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is MipSecureException or OperationCanceledException or System.Net.Http.HttpRequestException)
        {
            Log.LogoutFailed(_logger, ManagementServer, ex.Message);
        }

        _stopping.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"login to {ManagementServer.Uri} ({_credentials})";

    private async Task RenewLoopAsync(CancellationToken stopping)
    {
        var failures = 0;
        DateTimeOffset? retryAt = null;
        while (!stopping.IsCancellationRequested)
        {
            var next = retryAt ?? (_accessRenewAt < _vmsRenewAt ? _accessRenewAt : _vmsRenewAt);
            var wait = next - _timeProvider.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await TimeProviderDelay.Delay(_timeProvider, wait, stopping).ConfigureAwait(false);
            }

            var kind = _accessRenewAt <= _vmsRenewAt ? TokenKind.AccessToken : TokenKind.VmsToken;
            try
            {
                if (_timeProvider.GetUtcNow() >= _accessRenewAt)
                {
                    kind = TokenKind.AccessToken;
                    await RenewAccessTokenAsync(stopping).ConfigureAwait(false);
                    Raise(TokenKind.AccessToken, AccessToken!.ExpiresAt);
                }

                if (_timeProvider.GetUtcNow() >= _vmsRenewAt)
                {
                    kind = TokenKind.VmsToken;
                    await RenewVmsTokenAsync(stopping).ConfigureAwait(false);
                    Raise(TokenKind.VmsToken, VmsToken.ExpiresAt);
                }

                failures = 0;
                retryAt = null;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested && Coded(ex) is { } error)
            {
                var expires = kind == TokenKind.AccessToken ? AccessToken?.ExpiresAt ?? DateTimeOffset.MaxValue : VmsToken.ExpiresAt;
                var delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks << Math.Min(failures, 16)));
                var candidate = _timeProvider.GetUtcNow() + delay;
                failures++;
                if (IsTransient(ex) && candidate < expires)
                {
                    retryAt = candidate;
                    var retrying = Describe(kind);
                    Log.RenewalRetrying(_logger, error.Code.Id, retrying, ManagementServer, candidate, expires, error.Message);
                    RaiseFailed(kind, error, candidate);
                    continue;
                }

                var final = IsTransient(ex)
                    ? new MipSecureConnectionException(
                        MipSecCodes.TokenRenewalFailed,
                        ManagementServer,
                        $"The {Describe(kind)} for the {ManagementServer.Description} at {ManagementServer.Uri} expired at {expires:u} before it could be renewed; the last of {failures} attempts failed with {error.Code.Id}.",
                        "Check that the management server and its identity provider are reachable, then log in again.",
                        isTransient: false,
                        ex)
                    : error;
                Fault = final;
                var failed = Describe(kind);
                Log.RenewalFailed(_logger, final.Code.Id, failed, ManagementServer, final.Message);
                RaiseFailed(kind, final, null);
                return;
            }
        }
    }

    private async Task RenewAccessTokenAsync(CancellationToken cancellationToken)
    {
        AccessToken token;
        switch (_credentials.Method)
        {
            case LoginMethod.AccessTokenHandedIn:
                token = _credentials.AccessTokenSource!() ?? throw new InvalidOperationException("The access token source returned null.");
                break;
            case LoginMethod.WindowsUser:
                token = await _identityProvider!.RequestWindowsTokenAsync(ManagementServer, cancellationToken).ConfigureAwait(false);
                break;
            default:
                var credential = _credentials.Credential!;
                token = await _identityProvider!.RequestPasswordTokenAsync(ManagementServer, credential.UserName, credential.Password, cancellationToken).ConfigureAwait(false);
                break;
        }

        Volatile.Write(ref _accessToken, token);

        // A handed-in token is renewed by whoever handed it in: it is read again before each Login instead.
        _accessRenewAt = _credentials.Method == LoginMethod.AccessTokenHandedIn ? DateTimeOffset.MaxValue : RenewalMoment(token.ExpiresAt);
    }

    private async Task RenewVmsTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _vmsToken);
        VmsToken renewed;
        if (_credentials.Method == LoginMethod.BasicUserWithoutIdentityProvider)
        {
            renewed = await _serverCommandService.LoginAsync(ManagementServer, _credentials.Credential!, InstanceId, current, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var access = _credentials.Method == LoginMethod.AccessTokenHandedIn ? _credentials.AccessTokenSource!() : AccessToken!;
            Volatile.Write(ref _accessToken, access);
            renewed = await _serverCommandService.LoginAsync(ManagementServer, access, InstanceId, current, cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _vmsToken, renewed);
        _vmsRenewAt = RenewalMoment(renewed.ExpiresAt);
    }

    private DateTimeOffset RenewalMoment(DateTimeOffset expiresAt)
    {
        var now = _timeProvider.GetUtcNow();
        if (expiresAt <= now)
        {
            return now;
        }

        var lifetime = expiresAt - now;
        return lifetime > TimeSpan.FromDays(3650) ? DateTimeOffset.MaxValue : now + TimeSpan.FromTicks((long)(lifetime.Ticks * RenewalPoint));
    }

    private void Raise(TokenKind kind, DateTimeOffset expiresAt)
    {
        var name = Describe(kind);
        Log.TokenRenewed(_logger, name, ManagementServer, expiresAt);
        try
        {
            TokenRenewed?.Invoke(this, new TokenRenewedEventArgs(kind, expiresAt));
        }
        catch (Exception ex)
        {
            // A subscriber's bug must not stop the renewals everything else depends on.
            Log.HandlerFailed(_logger, nameof(TokenRenewed), ex.Message);
        }
    }

    private void RaiseFailed(TokenKind kind, MipSecureException error, DateTimeOffset? retryAt)
    {
        try
        {
            RenewalFailed?.Invoke(this, new TokenRenewalFailedEventArgs(kind, error, retryAt));
        }
        catch (Exception ex)
        {
            Log.HandlerFailed(_logger, nameof(RenewalFailed), ex.Message);
        }
    }

    private MipSecureException? Coded(Exception ex) => ex switch
    {
        MipSecureException coded => coded,
        OperationCanceledException or TimeoutException or System.Net.Http.HttpRequestException or System.IO.IOException => new MipSecureConnectionException(
            MipSecCodes.ConnectionTimedOut,
            ManagementServer,
            $"The {ManagementServer.Description} at {ManagementServer.Uri} did not complete the renewal ({ex.GetType().Name}).",
            "Check that the management server is running and reachable.",
            isTransient: true,
            ex),
        _ => null,
    };

    private static bool IsTransient(Exception ex) => ex switch
    {
        MipSecureConnectionException connection => connection.IsTransient,
        MipSecureException => false,
        _ => TransientFaults.IsTransient(ex) || ex is OperationCanceledException or TimeoutException,
    };

    private static string Describe(TokenKind kind) => kind == TokenKind.AccessToken ? AccessTokenName : VmsTokenName;
}
