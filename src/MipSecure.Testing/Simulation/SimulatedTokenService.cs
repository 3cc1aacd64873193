using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// The site's two token issuers. The identity provider issues access tokens: JWT-shaped bearer tokens (<c>expires_in</c> 3600 s)
/// that the management server's REST API and ServerCommandServiceOAuth.svc accept. ServerCommandService <c>Login</c> issues VMS tokens
/// (<c>TOKEN#&lt;guid&gt;#&lt;host&gt;//ServerConnector#</c>, four hours) that recording servers and the event server accept. Neither kind is
/// accepted where the other is needed. Lifetimes run on the site's <see cref="TimeProvider"/>, so a fake clock expires them on demand.
/// </summary>
public sealed class SimulatedTokenService
{
    /// <summary>The lifetime XProtect's identity provider gives access tokens, in seconds (<c>expires_in</c>).</summary>
    public const int TokenLifetimeSeconds = 3600;

    /// <summary>The lifetime ServerCommandService <c>Login</c> gives VMS tokens by default (<c>TimeToLive</c> 14400000000 µs).</summary>
    public static readonly TimeSpan DefaultVmsTokenLifetime = TimeSpan.FromHours(4);

    private readonly ConcurrentDictionary<string, (TokenKind Kind, DateTimeOffset Expiry)> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    internal SimulatedTokenService(TimeProvider timeProvider, TimeSpan accessTokenLifetime, TimeSpan vmsTokenLifetime)
    {
        _timeProvider = timeProvider;
        AccessTokenLifetime = accessTokenLifetime;
        VmsTokenLifetime = vmsTokenLifetime;
    }

    /// <summary>The two kinds of token.</summary>
    private enum TokenKind
    {
        Access,
        Vms,
    }

    /// <summary>Gets the lifetime of access tokens (the <c>expires_in</c> the identity provider reports).</summary>
    public TimeSpan AccessTokenLifetime { get; }

    /// <summary>Gets the lifetime of VMS tokens (the <c>TimeToLive</c> Login reports).</summary>
    public TimeSpan VmsTokenLifetime { get; }

    /// <summary>Issues an identity provider access token: three base64url parts like a JWT, with issuer, subject and expiry claims.</summary>
    /// <param name="subject">The user the token is for.</param>
    /// <param name="actualLifetime">How long the token really lives; used to expire tokens early.</param>
    /// <returns>The token.</returns>
    public string IssueAccessToken(string subject = "operator", TimeSpan? actualLifetime = null)
    {
        var now = _timeProvider.GetUtcNow();
        var expiry = now + (actualLifetime ?? AccessTokenLifetime);
        var header = Base64Url(Encoding.UTF8.GetBytes("{\"alg\":\"RS256\",\"typ\":\"at+jwt\"}"));
        var payload = Base64Url(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"iss\":\"https://simulated-site/IDP\",\"sub\":\"{Escape(subject)}\",\"client_id\":\"GrantValidatorClient\",\"scope\":\"managementserver\",\"iat\":{now.ToUnixTimeSeconds()},\"exp\":{expiry.ToUnixTimeSeconds()},\"jti\":\"{Guid.NewGuid():N}\"}}")));
        var token = header + "." + payload + "." + Base64Url(RandomNumberGenerator.GetBytes(64));
        _tokens[token] = (TokenKind.Access, expiry);
        return token;
    }

    /// <summary>Issues a VMS token in the shape ServerCommandService <c>Login</c> returns.</summary>
    /// <param name="managementServerHost">The management server's host name, part of the token.</param>
    /// <param name="actualLifetime">How long the token really lives; used to expire tokens early.</param>
    /// <returns>The token.</returns>
    public string IssueVmsToken(string managementServerHost = "mgmt.contoso.local", TimeSpan? actualLifetime = null)
    {
        var token = "TOKEN#" + Guid.NewGuid().ToString("D") + "#" + managementServerHost + "//ServerConnector#";
        _tokens[token] = (TokenKind.Vms, _timeProvider.GetUtcNow() + (actualLifetime ?? VmsTokenLifetime));
        return token;
    }

    /// <summary>Checks an access token, as the management server's REST API and ServerCommandServiceOAuth.svc do. A VMS token is not valid here.</summary>
    /// <param name="token">The token, or <see langword="null"/> when none was supplied.</param>
    /// <returns>What the token is worth.</returns>
    public TokenStatus CheckAccessToken(string? token) => Check(token, TokenKind.Access);

    /// <summary>Checks a VMS token, as recording servers and the event server do. An access token is not valid here.</summary>
    /// <param name="token">The token, or <see langword="null"/> when none was supplied.</param>
    /// <returns>What the token is worth.</returns>
    public TokenStatus CheckVmsToken(string? token) => Check(token, TokenKind.Vms);

    /// <summary>Ends a token, as ServerCommandService <c>Logout</c> does.</summary>
    /// <param name="token">The token.</param>
    public void Revoke(string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            _tokens.TryRemove(token, out _);
        }
    }

    /// <summary>Expires every token issued so far, as if their lifetime had passed.</summary>
    public void ExpireAll()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var pair in _tokens)
        {
            _tokens[pair.Key] = (pair.Value.Kind, now);
        }
    }

    private TokenStatus Check(string? token, TokenKind kind)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenStatus.Missing;
        }

        if (!_tokens.TryGetValue(token, out var entry) || entry.Kind != kind)
        {
            return TokenStatus.Invalid;
        }

        return _timeProvider.GetUtcNow() < entry.Expiry ? TokenStatus.Valid : TokenStatus.Expired;
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
