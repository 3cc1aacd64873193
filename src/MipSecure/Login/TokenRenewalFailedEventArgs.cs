using System;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Login;

/// <summary>A <see cref="LoginSession"/> could not renew one of its tokens.</summary>
public sealed class TokenRenewalFailedEventArgs : EventArgs
{
    internal TokenRenewalFailedEventArgs(TokenKind kind, MipSecureException error, DateTimeOffset? retryAt)
    {
        Kind = kind;
        Error = error;
        RetryAt = retryAt;
    }

    /// <summary>Gets which token could not be renewed.</summary>
    public TokenKind Kind { get; }

    /// <summary>Gets the failure, with its code: a trust code (MIPSEC1xxx), MIPSEC4007 or MIPSEC4015 for a refusal, MIPSEC4020 when time ran out.</summary>
    public MipSecureException Error { get; }

    /// <summary>Gets when the session tries again, or <see langword="null"/> when it has stopped renewing.</summary>
    public DateTimeOffset? RetryAt { get; }

    /// <summary>Gets whether the session tries again within the token's lifetime.</summary>
    public bool WillRetry => RetryAt is not null;
}
