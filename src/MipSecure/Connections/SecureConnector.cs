using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MipSecure.Diagnostics;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Connections;

/// <summary>
/// Opens streams to XProtect servers for the ImageServer protocol: TLS exactly when the endpoint's URI is https
/// (SNI and the certificate check use the URI's host), plaintext only when it is http. Transient faults are retried
/// per <see cref="ConnectionResilience"/>, in the same pipeline (and circuit breaker) as the server's HTTP requests; trust
/// failures surface at once as <see cref="MipSecureTrustException"/>. A port that should speak TLS but answers in plaintext
/// is refused (MIPSEC4003), never used; a server with no TLS version in common is named with the versions it offers (MIPSEC4041).
/// </summary>
public sealed class SecureConnector
{
    private readonly ICertificateValidator _validator;
    private readonly ConnectionResilience _resilience;
    private readonly SocketDialer _dialer;
    private readonly CertificateExpiryMonitor? _expiryMonitor;
    private readonly MipSecureMetrics? _metrics;
    private readonly ILogger _logger;

    /// <summary>Creates a connector.</summary>
    /// <param name="validator">The validator with the site's CA certificates: a <see cref="CertificateValidator"/>, or a
    /// <see cref="CachingCertificateValidator"/> so that reconnecting does not re-verify the same chain.</param>
    /// <param name="resilience">The retry, timeout and circuit breaker pipelines.</param>
    /// <param name="addressOverrides">Host-to-address overrides; <see langword="null"/> for DNS only.</param>
    /// <param name="expiryMonitor">Tracks how long each server's certificate has left.</param>
    /// <param name="metrics">Where attempts and trust failures are counted.</param>
    /// <param name="logger">Where connections and failures are logged.</param>
    public SecureConnector(
        ICertificateValidator validator,
        ConnectionResilience resilience,
        AddressOverrides? addressOverrides = null,
        CertificateExpiryMonitor? expiryMonitor = null,
        MipSecureMetrics? metrics = null,
        ILogger<SecureConnector>? logger = null)
    {
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _dialer = new SocketDialer(addressOverrides ?? AddressOverrides.None);
        _expiryMonitor = expiryMonitor;
        _metrics = metrics;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the TLS versions offered; <see cref="SslProtocols.None"/> (the default) lets the operating system choose.</summary>
    /// <value>The default value is <see cref="SslProtocols.None"/>.</value>
    public SslProtocols TlsVersions { get; init; }

    /// <summary>Opens a stream to <paramref name="endpoint"/>, retrying transient faults.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="cancellationToken">Cancels the connection at any point.</param>
    /// <returns>An authenticated TLS stream for https endpoints; a plain TCP stream for http endpoints. The caller disposes it.</returns>
    /// <exception cref="MipSecureTrustException">The certificate is not trusted; the code is the finding's (for example MIPSEC1001).</exception>
    /// <exception cref="MipSecureConnectionException">The connection failed for good (MIPSEC4001-4012).</exception>
    public Task<Stream> ConnectAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken = default) =>
        ExecuteAsync(endpoint, static (stream, _) => new ValueTask<Stream>(stream), disposeStream: false, cancellationToken);

    /// <summary>
    /// Connects to <paramref name="endpoint"/> and runs <paramref name="operation"/> on the stream, retrying both together on
    /// transient faults (including a server's "retry later"). The stream is disposed when the operation ends.
    /// </summary>
    /// <typeparam name="T">What the operation returns.</typeparam>
    /// <param name="endpoint">The server.</param>
    /// <param name="operation">The work to do on a fresh connection.</param>
    /// <param name="cancellationToken">Cancels the work at any point.</param>
    /// <returns>What the operation returned.</returns>
    public Task<T> ExecuteAsync<T>(XProtectEndpoint endpoint, Func<Stream, CancellationToken, ValueTask<T>> operation, CancellationToken cancellationToken = default) =>
        ExecuteAsync(endpoint, operation, disposeStream: true, cancellationToken);

    /// <summary>Makes exactly one connection attempt, without retries, timeouts or circuit breaker.</summary>
    /// <param name="endpoint">The server.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The stream.</returns>
    public async Task<Stream> ConnectOnceAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        Socket socket;
        try
        {
            socket = await _dialer.DialAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (MipSecureConnectionException ex)
        {
            _metrics?.ConnectionAttempted(endpoint.ServerKey, ex.Code.Id);
            throw;
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        if (endpoint.Encryption == EndpointEncryption.Off)
        {
            _metrics?.ConnectionAttempted(endpoint.ServerKey, "plaintext");
            Log.Connected(_logger, endpoint, "plaintext, as configured");
            return network;
        }

        var result = await TlsHandshake.RunAsync(network, endpoint, _validator, TlsVersions, cancellationToken).ConfigureAwait(false);
        if (result.Stream is not null)
        {
            _metrics?.ConnectionAttempted(endpoint.ServerKey, "tls");
            Log.Connected(_logger, endpoint, "TLS");
            if (result.Report is not null)
            {
                _expiryMonitor?.Observe(endpoint.ServerKey, result.Report);
            }

            return result.Stream;
        }

        var failure = await ConnectionFailures.FromHandshakeAsync(
            endpoint, result, new TlsVersionProbe(_dialer, _validator, TlsVersions), cancellationToken).ConfigureAwait(false);
        _metrics?.ConnectionAttempted(endpoint.ServerKey, failure.Code.Id);
        if (failure is MipSecureTrustException trust)
        {
            _metrics?.TrustFailed(endpoint.ServerKey, trust.Code.Id);
            Log.TrustFailed(_logger, trust.Code.Id, endpoint, trust.Message);
        }

        throw failure;
    }

    internal async Task<T> ExecuteAsync<T>(
        XProtectEndpoint endpoint, Func<Stream, CancellationToken, ValueTask<T>> operation, bool disposeStream, CancellationToken cancellationToken)
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        if (operation is null)
        {
            throw new ArgumentNullException(nameof(operation));
        }

        var pipeline = _resilience.For(endpoint);
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    var stream = await ConnectOnceAsync(endpoint, token).ConfigureAwait(false);
                    try
                    {
                        var result = await operation(stream, token).ConfigureAwait(false);
                        if (disposeStream)
                        {
                            stream.Dispose();
                        }

                        return result;
                    }
                    catch
                    {
                        stream.Dispose();
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ConnectionFailures.FromPipeline(endpoint, ex) is { } error)
        {
            LogFailure(endpoint, error);
            throw error;
        }
    }

    private void LogFailure(XProtectEndpoint endpoint, MipSecureConnectionException error)
    {
        Log.ConnectionFailed(_logger, error.Code.Id, endpoint, error.Message);
    }
}
