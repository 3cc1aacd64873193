using System;
using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// The site's identity provider: it issues bearer tokens on the management server and every other server checks them.
/// Token lifetimes run on the site's <see cref="TimeProvider"/>, so a fake clock expires them on demand.
/// </summary>
public sealed class SimulatedTokenService
{
    /// <summary>The lifetime XProtect's identity provider gives tokens, in seconds (<c>expires_in</c>).</summary>
    public const int TokenLifetimeSeconds = 3600;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;

    internal SimulatedTokenService(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider;
    }

    /// <summary>Issues a token that lives <see cref="TokenLifetimeSeconds"/>, or <paramref name="actualLifetime"/> when given.</summary>
    /// <param name="actualLifetime">How long the token really lives; used to expire tokens early.</param>
    /// <returns>The token.</returns>
    public string Issue(TimeSpan? actualLifetime = null)
    {
        var token = "TOKEN#" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        _expiries[token] = _timeProvider.GetUtcNow() + (actualLifetime ?? TimeSpan.FromSeconds(TokenLifetimeSeconds));
        return token;
    }

    /// <summary>Checks a token.</summary>
    /// <param name="token">The token, or <see langword="null"/> when none was supplied.</param>
    /// <returns>What the token is worth.</returns>
    public TokenStatus Check(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TokenStatus.Missing;
        }

        if (!_expiries.TryGetValue(token, out var expiry))
        {
            return TokenStatus.Invalid;
        }

        return _timeProvider.GetUtcNow() < expiry ? TokenStatus.Valid : TokenStatus.Expired;
    }

    /// <summary>Expires every token issued so far, as if their lifetime had passed.</summary>
    public void ExpireAll()
    {
        var now = _timeProvider.GetUtcNow();
        foreach (var token in _expiries.Keys)
        {
            _expiries[token] = now;
        }
    }
}
