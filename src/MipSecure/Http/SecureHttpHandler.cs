using System;
using System.Globalization;
using System.Net.Http;
using System.Net.Security;
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
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tls;
using MipSecure.Trust.Validation;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace MipSecure.Http;

/// <summary>
/// The HTTP handler for XProtect's REST API and mobile server: validates every server certificate with MipSecure.Trust
/// against the host that was dialled, dials through the address overrides, and retries transient faults
/// (HTTP 408, 429, 5xx with Retry-After; refused, reset, timed out). A trust failure is thrown as
/// <see cref="MipSecureTrustException"/> after exactly one attempt; 401 and 403 are returned to the caller untouched.
/// </summary>
/// <remarks>
/// On .NET 8 and later it sits on <c>SocketsHttpHandler</c> (certificate callback in <c>SslOptions</c>, address overrides in
/// <c>ConnectCallback</c>). On .NET Framework and other netstandard2.0 hosts it sits on <see cref="HttpClientHandler"/>, whose
/// certificate callback calls the same validator; the address override rewrites the request to the address and keeps the host
/// name in the Host header and in the certificate check.
/// </remarks>
public sealed class SecureHttpHandler : DelegatingHandler
{
    private readonly CertificateValidator _validator;
    private readonly ConnectionResilience _resilience;
    private readonly CertificateExpiryMonitor? _expiryMonitor;
    private readonly MipSecureMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly HandshakeLedger _ledger = new();
    private readonly SocketDialer _dialer;

    /// <summary>Creates the handler with its own platform handler inside.</summary>
    /// <param name="validator">The validator with the site's CA certificates.</param>
    /// <param name="resilience">The retry, timeout and circuit breaker pipelines.</param>
    /// <param name="addressOverrides">Host-to-address overrides; <see langword="null"/> for DNS only.</param>
    /// <param name="expiryMonitor">Tracks how long each server's certificate has left.</param>
    /// <param name="metrics">Where trust failures are counted.</param>
    /// <param name="logger">Where failures are logged.</param>
    public SecureHttpHandler(
        CertificateValidator validator,
        ConnectionResilience resilience,
        AddressOverrides? addressOverrides = null,
        CertificateExpiryMonitor? expiryMonitor = null,
        MipSecureMetrics? metrics = null,
        ILogger<SecureHttpHandler>? logger = null)
    {
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _resilience = resilience ?? throw new ArgumentNullException(nameof(resilience));
        _dialer = new SocketDialer(addressOverrides ?? AddressOverrides.None);
        _expiryMonitor = expiryMonitor;
        _metrics = metrics;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        InnerHandler = CreatePlatformHandler();
    }

    /// <summary>
    /// Gets or sets the credentials the platform handler answers a Negotiate or NTLM challenge with (a Windows user's
    /// <see cref="System.Net.NetworkCredential"/>, or <see cref="System.Net.CredentialCache.DefaultCredentials"/> for the process
    /// identity). The exchange itself is the platform's. Set it before the first request.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: no credentials are offered.</value>
    public System.Net.ICredentials? Credentials
    {
#if NET
        get => ((SocketsHttpHandler)InnerHandler!).Credentials;
        set => ((SocketsHttpHandler)InnerHandler!).Credentials = value;
#else
        get => ((HttpClientHandler)InnerHandler!).Credentials;
        set => ((HttpClientHandler)InnerHandler!).Credentials = value;
#endif
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request?.RequestUri is null)
        {
            throw new ArgumentException("The request has no URI.", nameof(request));
        }

        var endpoint = EndpointOf(request.RequestUri);
        var pipeline = _resilience.ForHttp(endpoint.ServerKey);
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
                        throw Translate(endpoint, ex);
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException ex)
        {
            throw new MipSecureConnectionException(
                MipSecCodes.CircuitOpen,
                endpoint,
                $"Requests to the {endpoint.Description} at {endpoint.Uri} are paused after repeated transient failures.",
                "Wait for the break to end, and check the server's service and network; earlier log lines name each failure.",
                isTransient: true,
                ex)
            { RetryAfter = ex.RetryAfter };
        }
        catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MipSecureConnectionException(
                MipSecCodes.ConnectionTimedOut,
                endpoint,
                $"The {endpoint.Description} at {endpoint.Uri} did not answer within {ex.Timeout}.",
                "Check that the server is running and reachable; if it is slow, raise MipSecure:AttemptTimeout and MipSecure:TotalTimeout.",
                isTransient: true,
                ex);
        }
    }

    internal static XProtectEndpoint EndpointOf(Uri uri)
    {
        // The port says which XProtect service answers; the role only shapes messages.
        var role = uri.Port switch
        {
            7563 => ServerRole.RecordingServer,
            8081 or 8082 => ServerRole.MobileServer,
            22331 => ServerRole.EventServer,
            _ => ServerRole.ManagementServer,
        };
        return new XProtectEndpoint(new Uri(uri.GetLeftPart(UriPartial.Authority) + "/"), role);
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
#if NET
        return base.SendAsync(request, cancellationToken);
#else
        return SendRewrittenAsync(request, cancellationToken);
#endif
    }

    private MipSecureConnectionException Translate(XProtectEndpoint endpoint, HttpRequestException exception)
    {
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is MipSecureConnectionException coded)
            {
                return coded;
            }

            if (inner is AuthenticationException)
            {
                var failure = HandshakeFailure(endpoint, exception);
                if (failure is MipSecureTrustException trust)
                {
                    _metrics?.TrustFailed(endpoint.ServerKey, trust.Code.Id);
                    Log.TrustFailed(_logger, trust.Code.Id, endpoint, trust.Message);
                }

                return failure;
            }

            if (inner is System.Net.Sockets.SocketException socket)
            {
                return new MipSecureConnectionException(
                    MipSecCodes.ServerUnreachable,
                    endpoint,
                    $"The {endpoint.Description} at {endpoint.Uri} could not be reached ({socket.SocketErrorCode}).",
                    "Check that the server's service is running and that the port is open in every firewall on the way.",
                    TransientFaults.IsTransient(socket),
                    exception);
            }
        }

        return new MipSecureConnectionException(
            MipSecCodes.ServerUnreachable,
            endpoint,
            $"The request to the {endpoint.Description} at {endpoint.Uri} failed: {exception.Message}",
            "Check that the server's service is running and reachable.",
            TransientFaults.IsTransient(exception),
            exception);
    }

    private MipSecureConnectionException HandshakeFailure(XProtectEndpoint endpoint, HttpRequestException exception)
    {
        var report = _ledger.LastReport(endpoint.Host);
        var greeting = _ledger.LastGreeting(endpoint.Host);
        _ledger.Forget(endpoint.Host);
        var result = new TlsHandshakeResult(null, report, greeting, exception);
        if (report is null && greeting == ServerGreeting.Nothing)
        {
            // Without a ConnectCallback (netstandard2.0) the first byte is unknown: the port did not complete TLS, that is all we know.
            return new MipSecureConnectionException(
                MipSecCodes.TlsHandshakeFailed,
                endpoint,
                $"The {endpoint.Description} at {endpoint.Uri} did not complete a TLS handshake; it may answer in plaintext. MipSecure does not fall back to http.",
                "Check that encryption is on for this server in Server Configurator, that TLS 1.2 or later is enabled on both sides, and that the address points at the XProtect server.",
                isTransient: false,
                exception);
        }

        return SecureConnector.Classify(endpoint, result);
    }

    private bool ValidateCertificate(string host, int port, X509Certificate? certificate, X509Chain? chain)
    {
        var endpoint = EndpointOf(new Uri("https://" + host + ":" + port.ToString(CultureInfo.InvariantCulture) + "/"));
        var report = TlsCertificateValidation.Validate(_validator, host, endpoint.Description, certificate, chain);
        _ledger.Validated(host, report);
        if (report.IsTrusted)
        {
            _expiryMonitor?.Observe(endpoint.ServerKey, report);
        }

        return report.IsTrusted;
    }

#if NET
    private SocketsHttpHandler CreatePlatformHandler() => new()
    {
        // Retries and timeouts belong to the pipeline; the handler must not hide a failure behind its own.
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        SslOptions = new SslClientAuthenticationOptions
        {
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = (sender, certificate, chain, _) =>
            {
                var host = (sender as SslStream)?.TargetHostName ?? string.Empty;
                return ValidateCertificate(host, _ledger.PortOf(host) ?? 443, certificate, chain);
            },
        },
        ConnectCallback = async (context, cancellationToken) =>
        {
            var host = context.DnsEndPoint.Host;
            var port = context.DnsEndPoint.Port;
            var endpoint = EndpointOf(new Uri("http://" + host + ":" + port.ToString(CultureInfo.InvariantCulture) + "/"));
            var socket = await _dialer.DialAsync(endpoint, host, port, cancellationToken).ConfigureAwait(false);
            var observer = new HandshakeObservingStream(new System.Net.Sockets.NetworkStream(socket, ownsSocket: true));
            _ledger.Connected(host, port, observer);
            return observer;
        },
    };
#else
    private const string OriginalHostProperty = "MipSecure.OriginalHost";

    private HttpClientHandler CreatePlatformHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        CheckCertificateRevocationList = false,
        ServerCertificateCustomValidationCallback = (request, certificate, chain, _) =>
        {
            var original = request.Properties.TryGetValue(OriginalHostProperty, out var value) ? value as Uri : null;
            var uri = original ?? request.RequestUri!;
            return ValidateCertificate(uri.IdnHost, uri.Port, certificate, chain);
        },
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
}
