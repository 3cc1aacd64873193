using System;

namespace MipSecure.Discovery;

/// <summary>A bearer token from the management server's identity provider. Its value never appears in <see cref="ToString"/>.</summary>
public sealed class AccessToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="value">The token.</param>
    /// <param name="expiresAt">When it expires.</param>
    public AccessToken(string value, DateTimeOffset expiresAt)
    {
        Value = value ?? throw new ArgumentNullException(nameof(value));
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets the token. Treat it as a secret: never log it.</summary>
    public string Value { get; }

    /// <summary>Gets when the token expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <inheritdoc />
    public override string ToString() => $"access token (expires {ExpiresAt:u})";
}
