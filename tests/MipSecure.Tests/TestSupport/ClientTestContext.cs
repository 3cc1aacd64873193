using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Http;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Diagnostics;
using MipSecure.Discovery;
using MipSecure.Options;
using MipSecure.Resilience;
using MipSecure.Pki;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;

namespace MipSecure.Tests.TestSupport;

/// <summary>A site's PKI on a fake clock, and MipSecure's parts wired the way AddMipSecure wires them.</summary>
internal sealed partial class ClientTestContext : IDisposable
{
    /// <summary>Timeouts are far above every retry delay, so the clock driver only skips over delays.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(2);

    public ClientTestContext()
    {
        // Start at the real time: the TLS server side runs on the real clock and must not see future certificates as odd.
        Clock = new SignallingClock(DateTimeOffset.UtcNow, shortTimerLimit: TimeSpan.FromMinutes(1));
        Root = CertificateAuthority.CreateRoot("Contoso Root CA", Clock);
        Issuing = Root.CreateIntermediate("Contoso Issuing CA");
        Options = new MipSecureOptions
        {
            AttemptTimeout = AttemptTimeout,
            TotalTimeout = TimeSpan.FromMinutes(30),
            Retry = new RetrySettings { MaxRetryAttempts = 3, BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(30) },
            CircuitBreaker = new CircuitBreakerSettings { MinimumThroughput = 100 },
        };
        Options.CaCertificates.Add(Root.Certificate);
    }

    public SignallingClock Clock { get; }

    public CertificateAuthority Root { get; }

    public CertificateAuthority Issuing { get; }

    public MipSecureOptions Options { get; }

    public Dictionary<string, string> Overrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The TLS versions the connector, the prober and the HTTP handler offer; None for the system's.</summary>
    public SslProtocols TlsVersions { get; set; } = SslProtocols.None;

    public CollectingLoggerFactory Logs { get; } = new();

    public MipSecureMetrics Metrics => _metrics ??= new MipSecureMetrics(Clock);

    private MipSecureMetrics? _metrics;

    public X509Certificate2[] Chain => new[] { Issuing.Certificate };

    public X509Certificate2 ServerCertificate(string host) => Issuing.IssueServerCertificate(host);

    public CertificateValidator Validator() =>
        new(new TrustAnchorSet(Options.CaCertificates), new CertificateValidationOptions { TimeProvider = Clock, ExpiryWarningDays = Options.ExpiryWarningDays });

    public CertificateExpiryMonitor ExpiryMonitor() => new(Clock, Options.ExpiryWarningDays, Metrics, Logs.For<CertificateExpiryMonitor>());

    public ConnectionResilience Resilience() => new(Options, Clock, Metrics, Logs.For<ConnectionResilience>());

    public SecureConnector Connector(ConnectionResilience? resilience = null) =>
        new(Validator(), resilience ?? Resilience(), new AddressOverrides(Overrides), ExpiryMonitor(), Metrics, Logs.For<SecureConnector>()) { TlsVersions = TlsVersions };

    public EncryptionProber Prober() => new(Validator(), Options.Probe, Clock, new AddressOverrides(Overrides), Logs.For<EncryptionProber>()) { TlsVersions = TlsVersions };

    public SecureHttpHandler HttpHandler(ConnectionResilience? resilience = null) =>
        new(Validator(), resilience ?? Resilience(), new AddressOverrides(Overrides), ExpiryMonitor(), Metrics, Logs.For<SecureHttpHandler>()) { TlsVersions = TlsVersions };

    public HttpClient HttpClient(ConnectionResilience? resilience = null) => new(HttpHandler(resilience)) { Timeout = Timeout.InfiniteTimeSpan };

    /// <summary>Maps <paramref name="host"/> to the loopback server, as curl's --resolve would.</summary>
    public void Map(string host, LoopbackServer server) => Overrides[host] = server.Address;

    public void Dispose()
    {
        _metrics?.Dispose();
        Issuing.Dispose();
        Root.Dispose();
    }
}
