using System;

namespace MipSecure.Login;

/// <summary>A <see cref="LoginSession"/> renewed one of its tokens.</summary>
public sealed class TokenRenewedEventArgs : EventArgs
{
    internal TokenRenewedEventArgs(TokenKind kind, DateTimeOffset expiresAt)
    {
        Kind = kind;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets which token was renewed.</summary>
    public TokenKind Kind { get; }

    /// <summary>Gets when the new token expires.</summary>
    public DateTimeOffset ExpiresAt { get; }
}
