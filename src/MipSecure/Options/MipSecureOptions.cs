using System;
using System.Collections.Generic;
using System.ComponentModel.DataAnnotations;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
#if NET
using Microsoft.Extensions.Options;
using MipSecure.Trust.Validation;
#endif

namespace MipSecure.Options;

/// <summary>
/// Everything MipSecure needs to connect to an XProtect site: which CAs to trust, how long to wait, how often to retry,
/// and where hosts really are. Bind it from the <c>MipSecure</c> section of appsettings.json.
/// There is deliberately no option that turns certificate validation off.
/// </summary>
public sealed class MipSecureOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "MipSecure";

    /// <summary>Gets or sets the CA certificate files (PEM, DER or PFX) the site's servers chain to. Relative paths are relative to the working directory.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<string> CaCertificateFiles { get; set; } = new List<string>();

    /// <summary>Gets or sets CA certificates given in code rather than files, for example loaded from a secret store.</summary>
    /// <value>The default value is an empty list.</value>
    public IList<X509Certificate2> CaCertificates { get; set; } = new List<X509Certificate2>();

    /// <summary>
    /// Gets or sets certificate revocation list (CRL) files of the site's CAs, PEM or DER, checked offline for every server certificate
    /// chain (revoked: MIPSEC1018; out of date: MIPSEC1026). They are read when the services are built; nothing is ever fetched.
    /// Relative paths are relative to the working directory.
    /// </summary>
    /// <value>The default value is an empty list: no revocation check.</value>
    public IList<string> RevocationListFiles { get; set; } = new List<string>();

    /// <summary>Gets or sets whether the CA certificates in the machine's or user's Root store are trusted too (Windows' "Trusted Root Certification Authorities").</summary>
    /// <value>The default value is <see langword="false"/>: only the configured CAs are trusted.</value>
    public bool TrustRootStore { get; set; }

    /// <summary>Gets or sets the certificate store location read when <see cref="TrustRootStore"/> is on.</summary>
    /// <value>The default value is <see cref="StoreLocation.LocalMachine"/>.</value>
    public StoreLocation RootStoreLocation { get; set; } = StoreLocation.LocalMachine;

    /// <summary>Gets or sets how many days before a certificate expires MipSecure starts warning. XProtect itself never warns.</summary>
    /// <value>The default value is 30. Zero turns the warning off.</value>
    [Range(global::MipSecure.Trust.Validation.ExpiryWarningWindow.MinDays, global::MipSecure.Trust.Validation.ExpiryWarningWindow.MaxDays)]
    public int ExpiryWarningDays { get; set; } = global::MipSecure.Trust.Validation.ExpiryWarningWindow.DefaultDays;

    /// <summary>
    /// Gets or sets the TLS versions MipSecure offers servers, for example <c>Tls13</c> to require TLS 1.3. A server with no version
    /// in common is reported with the versions it offers (MIPSEC4041).
    /// </summary>
    /// <value>The default value is <see cref="SslProtocols.None"/>: the operating system chooses (TLS 1.2 and 1.3 today).</value>
    public SslProtocols TlsVersions { get; set; } = SslProtocols.None;

    /// <summary>Gets or sets the time one attempt (TCP connect, TLS handshake, and the operation) may take.</summary>
    /// <value>The default value is 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Gets or sets the time a call may take with all its retries and waits.</summary>
    /// <value>The default value is 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the retry settings for transient faults.</summary>
    /// <value>The default value is 3 retries with exponential backoff from 1 second.</value>
    [Required]
#if NET
    [ValidateObjectMembers]
#endif
    public RetrySettings Retry { get; set; } = new();

    /// <summary>Gets or sets the per-server circuit breaker settings.</summary>
    /// <value>The default value opens at a 50 % failure ratio over 30 seconds with at least 5 calls, for 15 seconds.</value>
    [Required]
#if NET
    [ValidateObjectMembers]
#endif
    public CircuitBreakerSettings CircuitBreaker { get; set; } = new();

    /// <summary>Gets or sets the settings of active encryption probes.</summary>
    /// <value>The default value probes 8 servers at a time with 5 seconds each.</value>
    [Required]
#if NET
    [ValidateObjectMembers]
#endif
    public ProbeSettings Probe { get; set; } = new();

    /// <summary>
    /// Gets or sets host-to-address overrides, like curl's <c>--resolve</c>: <c>"rec1.contoso.local": "10.0.0.5"</c> keeps the
    /// dialled port, <c>"rec1.contoso.local": "127.0.0.1:50123"</c> replaces it. Certificates are still checked against the host name.
    /// </summary>
    /// <remarks>
    /// In code a key may also be <c>host:port</c> to override one port only; configuration files cannot express that key,
    /// because <c>:</c> separates configuration sections.
    /// </remarks>
    /// <value>The default value is empty: every host goes through DNS.</value>
    public IDictionary<string, string> AddressOverrides { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
