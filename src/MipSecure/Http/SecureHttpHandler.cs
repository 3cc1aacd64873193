using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MipSecure.Connections;
using MipSecure.Diagnostics;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Trust;
using MipSecure.Trust.Tls;
using MipSecure.Trust.Validation;

namespace MipSecure.Http;

/// <summary>
/// The HTTP handler for XProtect's REST API and mobile server: validates every server certificate with MipSecure.Trust
/// against the host that was dialled, dials through the address overrides, and retries transient faults
/// (HTTP 408, 429, 5xx with Retry-After; refused, reset, timed out) in the server's one resilience pipeline, which its stream
/// connections share. A trust failure is thrown as <see cref="MipSecureTrustException"/> after exactly one attempt; 401 and
/// 403 are returned to the caller untouched; an http address whose port speaks TLS is MIPSEC4004, never retried.
/// </summary>
/// <remarks>
/// <para>
/// Each request names its server with <see cref="XProtectEndpointRequests.SetXProtectEndpoint"/>; a request without one is
/// taken to be for the management server at the request's host and port (the REST API's home). Each server gets its own
/// platform handler, so every certificate check and every failure is attributed to exactly one server (host and port).
/// </para>
/// <para>
/// On .NET 8 and later it sits on <c>SocketsHttpHandler</c> (certificate callback in <c>SslOptions</c>, address overrides in
/// <c>ConnectCallback</c>). On .NET Framework and other netstandard2.0 hosts it sits on <see cref="HttpClientHandler"/>, whose
/// certificate callback calls the same validator; the address override rewrites the request to the address and keeps the host
/// name in the Host header and in the certificate check.
/// </para>
/// </remarks>
public sealed class SecureHttpHandler : DelegatingHandler
{
    private readonly ICertificateValidator _validator;
    private readonly ConnectionResilience _resilience;
    private readonly AddressOverrides _addressOverrides;
    private readonly CertificateExpiryMonitor? _expiryMonitor;
    private readonly MipSecureMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly HandshakeLedger _ledger = new();
    private readonly SocketDialer _dialer;

    /// <summary>Creates the handler with its own platform handlers inside.</summary>
    /// <param name="validator">The validator with the site's CA certificates: a <see cref="CertificateValidator"/>, or a
    /// <see cref="CachingCertificateValidator"/> so that new connections do not re-verify the same chain.</param>
    /// <param name="resilience">The retry, timeout and circuit breaker pipelines.</param>
    /// <param name="addressOverrides">Host-to-address overrides; <see langword="null"/> for DNS only.</param>
    /// <param name="expiryMonitor">Tracks how long each server's certificate has left.</param>
    /// <param name="metrics">Where trust failures are counted.</param>
    /// <param name="logger">Where failures are logged.</param>
    public SecureHttpHandler(
        ICertificateValidator validator,
        ConnectionResilience resilience,
        AddressOverrides? addressOverrides = null,
        CertificateExpiryMonitor? expiryMonitor = null,
        MipSecureMetrics? metrics = null,
        ILogger<SecureHttpHandler>? logger = null)
    {
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _addressOverrides = addressOverrides ?? AddressOverrides.None;
        _dialer = new SocketDialer(_addressOverrides);
        _expiryMonitor = expiryMonitor;
        _metrics = metrics;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        InnerHandler = new PerServerHandler(CreatePlatformHandler);
    }

    /// <summary>
    /// Gets or sets the credentials the platform handler answers a Negotiate or NTLM challenge with (a Windows user's
    /// <see cref="System.Net.NetworkCredential"/>, or <see cref="System.Net.CredentialCache.DefaultCredentials"/> for the process
    /// identity). The exchange itself is the platform's. Set it before the first request.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no credentials are offered.</value>
    public System.Net.ICredentials? Credentials { get; set; }

    /// <summary>Gets the TLS versions offered; <see cref="SslProtocols.None"/> (the default) lets the operating system choose.</summary>
    /// <value>The default value is <see cref="SslProtocols.None"/>.</value>
    public SslProtocols TlsVersions { get; init; }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request?.RequestUri is null)
        {
            throw new ArgumentException("The request has no URI.", nameof(request));
        }

        var endpoint = EndpointOf(request);
        request.SetXProtectEndpoint(endpoint);
#if NET
        // Negotiate names the server (its SPN) after the Host header, or else after a DNS lookup of the URI's host, which fails
        // for a host only the overrides know (dotnet/runtime AuthenticationHelper.NtAuth.cs). Such a request says its host itself.
        var uri = request.RequestUri;
        if (Credentials is not null && request.Headers.Host is null && _addressOverrides.TryResolve(uri.IdnHost, uri.Port, out _))
        {
            request.Headers.Host = uri.IsDefaultPort ? uri.IdnHost : uri.IdnHost + ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
#endif
        var pipeline = _resilience.For(endpoint);
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    try
                    {
                        return await SendOnceAsync(request, token).ConfigureAwait(false);
                    }
                    catch (HttpRequestException ex)
                    {
                        throw await TranslateAsync(endpoint, ex, token).ConfigureAwait(false);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ConnectionFailures.FromPipeline(endpoint, ex) is { } error)
        {
            throw error;
        }
    }

    /// <summary>The endpoint a request carries, when it is on the request's host and port; otherwise one for that host and port.</summary>
    internal static XProtectEndpoint EndpointOf(HttpRequestMessage request)
    {
        var uri = request.RequestUri!;
        var attached = request.GetXProtectEndpoint();
        if (attached is not null && attached.Uri.Scheme == uri.Scheme
            && string.Equals(attached.Host, uri.IdnHost, StringComparison.OrdinalIgnoreCase) && attached.Port == uri.Port)
        {
            return attached;
        }

        // Another host or port (an API gateway the management server named, say) is another server: keep the role, not the name.
        return new XProtectEndpoint(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), attached?.Role ?? ServerRole.ManagementServer);
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
#if NET
        return base.SendAsync(request, cancellationToken);
#else
        return SendRewrittenAsync(request, cancellationToken);
#endif
    }

    private async Task<MipSecureConnectionException> TranslateAsync(XProtectEndpoint endpoint, HttpRequestException exception, CancellationToken cancellationToken)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is MipSecureConnectionException coded)
            {
                return coded;
            }

            if (inner is AuthenticationException)
            {
                var failure = await ConnectionFailures.FromHandshakeAsync(
                    endpoint, _ledger.Take(endpoint, exception), new TlsVersionProbe(_dialer, _validator, TlsVersions), cancellationToken).ConfigureAwait(false);
                if (failure is MipSecureTrustException trust)
                {
                    _metrics?.TrustFailed(endpoint.ServerKey, trust.Code.Id);
                    Log.TrustFailed(_logger, trust.Code.Id, endpoint, trust.Message);
                }

                return failure;
            }

            // A reset after the request was sent may be a TLS port dropping it: an http address is checked below.
            if (inner is SocketException socket
                && (endpoint.Encryption == EndpointEncryption.On || socket.SocketErrorCode is not (SocketError.ConnectionReset or SocketError.ConnectionAborted)))
            {
                return ConnectionFailures.Unreachable(endpoint, endpoint.Uri.ToString(), socket, exception);
            }
        }

        var evidence = _ledger.Take(endpoint, exception);
        if (endpoint.Encryption == EndpointEncryption.Off
            && (evidence.Greeting is ServerGreeting.Tls or ServerGreeting.TlsAlert
                || (evidence.Greeting == ServerGreeting.Nothing && await SpeaksTlsAsync(endpoint, cancellationToken).ConfigureAwait(false))))
        {
            return ConnectionFailures.TlsOnPlaintextEndpoint(endpoint, exception);
        }

        return ConnectionFailures.RequestFailed(endpoint, exception);
    }

    // A TLS server answers a plaintext request with an alert or by closing without a byte; after such a silence one TLS hello
    // tells whether the port speaks TLS, as the prober does. A server that answered in plaintext is never asked.
    private async Task<bool> SpeaksTlsAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken)
    {
        Socket socket;
        try
        {
            socket = await _dialer.DialAsync(endpoint, cancellationToken).ConfigureAwait(false);
        }
        catch (MipSecureConnectionException)
        {
            return false;
        }

        var result = await TlsHandshake.RunAsync(new NetworkStream(socket, ownsSocket: true), endpoint, _validator, TlsVersions, cancellationToken).ConfigureAwait(false);
        result.Stream?.Dispose();
        return result.ServerSpokeTls;
    }

    private bool ValidateCertificate(XProtectEndpoint endpoint, X509Certificate? certificate, X509Chain? chain)
    {
        var report = TlsCertificateValidation.Validate(_validator, endpoint.Host, endpoint.Description, certificate, chain);
        _ledger.Validated(endpoint, report);
        if (report.IsTrusted)
        {
            _expiryMonitor?.Observe(endpoint.ServerKey, report);
        }

        return report.IsTrusted;
    }

#if NET
    private SocketsHttpHandler CreatePlatformHandler(XProtectEndpoint endpoint) => new()
    {
        // Retries and timeouts belong to the pipeline; the handler must not hide a failure behind its own.
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        Credentials = Credentials,
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            EnabledSslProtocols = TlsVersions,
            RemoteCertificateValidationCallback = (_, certificate, chain, _) => ValidateCertificate(endpoint, certificate, chain),
        },
        ConnectCallback = async (context, cancellationToken) =>
        {
            var request = context.InitialRequestMessage;
            if (endpoint.Encryption == EndpointEncryption.Off
                && request.Options.TryGetValue(FirstConnection, out var earlier) && earlier.Greeting == ServerGreeting.Nothing
                && await SpeaksTlsAsync(endpoint, cancellationToken).ConfigureAwait(false))
            {
                // The platform tries again, by itself, a new connection that closed before any answer; a TLS port closes each one.
                throw ConnectionFailures.TlsOnPlaintextEndpoint(endpoint, null);
            }

            var socket = await _dialer.DialAsync(endpoint, context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            var observer = new HandshakeObservingStream(new NetworkStream(socket, ownsSocket: true));
            _ledger.Connected(endpoint, observer);
            if (!request.Options.TryGetValue(FirstConnection, out _))
            {
                request.Options.Set(FirstConnection, observer);
            }

            return observer;
        },
    };

    private static readonly HttpRequestOptionsKey<HandshakeObservingStream> FirstConnection = new("MipSecure.FirstConnection");
#else
    private const string OriginalHostProperty = "MipSecure.OriginalHost";

    private HttpClientHandler CreatePlatformHandler(XProtectEndpoint endpoint) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        CheckCertificateRevocationList = false,
        Credentials = Credentials,
        SslProtocols = TlsVersions,
        ServerCertificateCustomValidationCallback = (_, certificate, chain, _) => ValidateCertificate(endpoint, certificate, chain),
    };

    private async Task<HttpResponseMessage> SendRewrittenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var original = request.Properties.TryGetValue(OriginalHostProperty, out var stored) ? (Uri)stored! : request.RequestUri!;
        if (_dialer.Overrides.TryResolve(original.IdnHost, original.Port, out var target))
        {
            // HttpClientHandler has no connect hook here: dial the address, keep the name for Host, SNI and the certificate check.
            request.Properties[OriginalHostProperty] = original;
            var builder = new UriBuilder(original) { Host = target.Address.ToString(), Port = target.Port };
            request.RequestUri = builder.Uri;
            request.Headers.Host = original.IsDefaultPort ? original.Host : original.Authority;
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
#endif

    /// <summary>Sends each request through the platform handler of its server, created on first use with that server's endpoint.</summary>
    private sealed class PerServerHandler : HttpMessageHandler
    {
        private readonly Func<XProtectEndpoint, HttpMessageHandler> _create;
        private readonly ConcurrentDictionary<string, Lazy<HttpMessageInvoker>> _servers = new(StringComparer.OrdinalIgnoreCase);

        public PerServerHandler(Func<XProtectEndpoint, HttpMessageHandler> create)
        {
            _create = create;
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var endpoint = request.GetXProtectEndpoint() ?? throw new InvalidOperationException("The request carries no XProtect endpoint.");
            var invoker = _servers.GetOrAdd(
                endpoint.ServerKey + "\n" + endpoint.Description,
                _ => new Lazy<HttpMessageInvoker>(() => new HttpMessageInvoker(_create(endpoint), disposeHandler: true))).Value;
            return invoker.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var server in _servers.Values)
                {
                    if (server.IsValueCreated)
                    {
                        server.Value.Dispose();
                    }
                }
            }

            base.Dispose(disposing);
        }
    }
}
