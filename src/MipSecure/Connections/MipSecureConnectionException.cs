using System;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Connections;

/// <summary>A connection to an XProtect server failed. The code says why; <see cref="IsTransient"/> says whether trying again may help.</summary>
public class MipSecureConnectionException : MipSecureException, ITransientFailure
{
    /// <summary>Creates an exception.</summary>
    /// <param name="code">The stable code.</param>
    /// <param name="endpoint">The endpoint concerned.</param>
    /// <param name="message">What failed and where.</param>
    /// <param name="remedy">How to fix it.</param>
    /// <param name="isTransient">Whether the failure may go away by itself (refused, reset, timed out, busy).</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public MipSecureConnectionException(
        MipSecCode code, XProtectEndpoint endpoint, string message, string remedy, bool isTransient, Exception? innerException = null)
        : base(code, message, remedy, innerException)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        IsTransient = isTransient;
    }

    /// <summary>Gets the endpoint concerned.</summary>
    public XProtectEndpoint Endpoint { get; }

    /// <summary>Gets whether trying again may help. Trust and authorization failures are never transient.</summary>
    public bool IsTransient { get; }

    /// <summary>Gets how long the server asked the client to wait before trying again, when it said so.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
