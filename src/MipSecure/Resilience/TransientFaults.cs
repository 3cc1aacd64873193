using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Security.Authentication;
using Polly.Timeout;

namespace MipSecure.Resilience;

/// <summary>
/// Decides which failures are worth another attempt. Only faults that can go away by themselves qualify: refused connections,
/// resets, timeouts, temporary name resolution failures, HTTP 408/429/5xx and ImageServer "retry later".
/// Trust failures, 401/403 and ImageServer 20001/1-3 never do, so they are neither retried nor counted by a circuit breaker.
/// </summary>
internal static class TransientFaults
{
    /// <summary>Tells whether <paramref name="exception"/> is transient.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="true"/> when another attempt may succeed.</returns>
    public static bool IsTransient(Exception? exception)
    {
        switch (exception)
        {
            case null:
                return false;
            case OperationCanceledException:
                // The caller cancelled: stop at once.
                return false;
            case TimeoutRejectedException:
                return true;
            case ITransientFailure coded:
                return coded.IsTransient;
            case AuthenticationException:
                return false;
            case SocketException socket:
                return IsTransient(socket.SocketErrorCode);
            case HttpRequestException http:
                return IsTransientHttpFailure(http);
            case IOException io:
                return io.InnerException is null || IsTransient(io.InnerException);
            default:
                return false;
        }
    }

    /// <summary>Tells whether an HTTP status asks the client to try again: 408, 429 and every 5xx except 501 and 505.</summary>
    /// <param name="status">The status.</param>
    /// <returns><see langword="true"/> when another attempt may succeed.</returns>
    public static bool IsTransient(HttpStatusCode status)
    {
        var code = (int)status;
        return code == 408 || code == 429 || (code >= 500 && code != 501 && code != 505 && code < 600);
    }

    private static bool IsTransient(SocketError error) =>
        error is SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted
            or SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            or SocketError.NetworkDown or SocketError.TryAgain or SocketError.Shutdown;

    private static bool IsTransientHttpFailure(HttpRequestException http)
    {
        // A failed certificate check surfaces as HttpRequestException too: look inside before calling it transient.
        for (var inner = http.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException or ITransientFailure)
            {
                return IsTransient(inner);
            }

            if (inner is SocketException socket)
            {
                return IsTransient(socket.SocketErrorCode);
            }
        }

        return http.InnerException is null || http.InnerException is IOException;
    }
}
