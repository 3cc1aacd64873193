using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Trust.Diagnostics;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MipSecure.Connections;

/// <summary>
/// Names every way a connection fails, for stream connections and HTTP requests alike: the one place that turns evidence
/// (a handshake's outcome, a socket error, a pipeline's verdict) into a coded <see cref="MipSecureConnectionException"/>.
/// </summary>
internal static class ConnectionFailures
{
    /// <summary>Names a failed handshake, asking the server version by version when it may be a TLS-version mismatch (MIPSEC4041).</summary>
    public static async Task<MipSecureConnectionException> FromHandshakeAsync(
        XProtectEndpoint endpoint, TlsHandshakeResult result, TlsVersionProbe versions, CancellationToken cancellationToken) =>
        await VersionMismatchAsync(endpoint, result, versions, cancellationToken).ConfigureAwait(false) ?? FromHandshake(endpoint, result);

    /// <summary>MIPSEC4041 when a failed handshake is a TLS-version mismatch, found with one short handshake per version; otherwise <see langword="null"/>.</summary>
    public static async Task<MipSecureConnectionException?> VersionMismatchAsync(
        XProtectEndpoint endpoint, TlsHandshakeResult result, TlsVersionProbe versions, CancellationToken cancellationToken)
    {
        if (!TlsVersionProbe.MayBeVersionMismatch(result))
        {
            return null;
        }

        var support = await versions.ProbeAsync(endpoint, result.ServerHelloVersion, cancellationToken).ConfigureAwait(false);
        return support is not null && (support.IsMismatch || (support.ServerOffers.Count == 0 && result.AlertDescription == TlsVersionProbe.ProtocolVersionAlert))
            ? VersionMismatch(endpoint, support, result.Failure)
            : null;
    }

    /// <summary>Names a failed handshake from its evidence alone.</summary>
    public static MipSecureConnectionException FromHandshake(XProtectEndpoint endpoint, TlsHandshakeResult result)
    {
        if (result.Report is { IsTrusted: false } report)
        {
            return new MipSecureTrustException(endpoint, report, result.Failure);
        }

        return result.Greeting switch
        {
            ServerGreeting.Plaintext => new MipSecureConnectionException(
                MipSecCodes.PlaintextOnEncryptedEndpoint,
                endpoint,
                $"The {endpoint.Description} at {endpoint.Uri} is configured for encryption (https), but the port answered without TLS. MipSecure refused the connection instead of falling back to plaintext.",
                "Check that encryption is on for this server in Server Configurator and that the address points at the XProtect server, not at another service or a proxy that strips TLS.",
                isTransient: false,
                result.Failure),
            ServerGreeting.TlsAlert => new MipSecureConnectionException(
                MipSecCodes.TlsHandshakeFailed,
                endpoint,
                $"The {endpoint.Description} at {endpoint.Uri} refused the TLS handshake ({result.Failure?.Message}).",
                "Enable TLS 1.2 or 1.3 on both the server and this machine, and check that the server's certificate has a private key the service can use.",
                isTransient: false,
                result.Failure),
            ServerGreeting.Nothing when result.Report is null && result.Failure is HttpRequestException => new MipSecureConnectionException(
                // The HTTP stack of netstandard2.0 shows no bytes: the port did not complete TLS, that is all that is known.
                MipSecCodes.TlsHandshakeFailed,
                endpoint,
                $"The {endpoint.Description} at {endpoint.Uri} did not complete a TLS handshake; it may answer in plaintext. MipSecure does not fall back to http.",
                "Check that encryption is on for this server in Server Configurator, that TLS 1.2 or later is enabled on both sides, and that the address points at the XProtect server.",
                isTransient: false,
                result.Failure),
            _ => new MipSecureConnectionException(
                MipSecCodes.ServerUnreachable,
                endpoint,
                $"The {endpoint.Description} at {endpoint.Uri} closed the connection during the TLS handshake.",
                "Check that the server's service is running and that nothing on the way (a firewall, a proxy) drops TLS connections.",
                isTransient: true,
                result.Failure),
        };
    }

    /// <summary>MIPSEC4041: the server and this client have no TLS version in common; the message names the server's.</summary>
    public static MipSecureConnectionException VersionMismatch(XProtectEndpoint endpoint, TlsVersionSupport support, Exception? inner) =>
        new(
            MipSecCodes.TlsVersionMismatch,
            endpoint,
            support.ServerOffers.Count > 0
                ? $"The {endpoint.Description} at {endpoint.Uri} has no TLS version in common with this client: {support.Describe()}."
                : $"The {endpoint.Description} at {endpoint.Uri} refused every TLS version this client offers ({TlsVersionProbe.Names(support.ClientOffers)}) with a protocol_version alert; it offers an older version only.",
            "Enable TLS 1.2 (and 1.3 where Windows supports it) on the server and restart it; if the server offers TLS 1.2 or later, allow that version in MipSecure:TlsVersions.",
            isTransient: false,
            inner);

    /// <summary>MIPSEC4004: an http address whose port speaks TLS; trying again cannot help.</summary>
    public static MipSecureConnectionException TlsOnPlaintextEndpoint(XProtectEndpoint endpoint, Exception? inner) =>
        new(
            MipSecCodes.TlsOnPlaintextEndpoint,
            endpoint,
            $"The {endpoint.Description} is configured as {endpoint.Uri} (encryption off), but the port speaks TLS, so the plaintext request got no answer.",
            "Update the address to https so that clients connect with TLS: the server's encryption was turned on after the configuration was written.",
            isTransient: false,
            inner);

    /// <summary>MIPSEC4001: the TCP connection failed.</summary>
    public static MipSecureConnectionException Unreachable(XProtectEndpoint endpoint, string where, SocketException? socket, Exception? inner) =>
        new(
            MipSecCodes.ServerUnreachable,
            endpoint,
            $"The {endpoint.Description} at {where} could not be reached ({socket?.SocketErrorCode.ToString() ?? "no address"}).",
            "Check that the server's service is running, that the port is open in every firewall on the way, and that the address override (if any) points at the server.",
            isTransient: socket is null || TransientFaults.IsTransient(socket),
            inner ?? socket);

    /// <summary>MIPSEC4001: a request failed after the connection was made, for a reason the server did not name.</summary>
    public static MipSecureConnectionException RequestFailed(XProtectEndpoint endpoint, HttpRequestException exception) =>
        new(
            MipSecCodes.ServerUnreachable,
            endpoint,
            $"The request to the {endpoint.Description} at {endpoint.Uri} failed: {exception.Message}",
            "Check that the server's service is running and reachable.",
            TransientFaults.IsTransient(exception),
            exception);

    /// <summary>Names what a resilience pipeline ended a call with: an open circuit (MIPSEC4006) or a timeout (MIPSEC4005); otherwise <see langword="null"/>.</summary>
    public static MipSecureConnectionException? FromPipeline(XProtectEndpoint endpoint, Exception exception) => exception switch
    {
        BrokenCircuitException broken => new MipSecureConnectionException(
            MipSecCodes.CircuitOpen,
            endpoint,
            $"Calls to the {endpoint.Description} at {endpoint.Uri} are paused after repeated transient failures.",
            "Wait for the break to end, and check the server's service and network; earlier log lines name each failure.",
            isTransient: true,
            broken)
        { RetryAfter = broken.RetryAfter },
        TimeoutRejectedException timeout => new MipSecureConnectionException(
            MipSecCodes.ConnectionTimedOut,
            endpoint,
            $"The {endpoint.Description} at {endpoint.Uri} did not answer within {timeout.Timeout}.",
            "Check that the server is running and reachable; if it is slow to answer, raise MipSecure:AttemptTimeout and MipSecure:TotalTimeout. A server that accepts the connection but never answers a TLS handshake may not speak TLS.",
            isTransient: true,
            timeout),
        _ => null,
    };
}
