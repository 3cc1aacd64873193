using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MipSecure.Connections;
using MipSecure.Diagnostics;
using MipSecure.Endpoints;
using MipSecure.Discovery;
using MipSecure.Http;
using MipSecure.Login;
using MipSecure.ImageServer;
using MipSecure.Options;
using MipSecure.Resilience;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers MipSecure: options with validation on start, the validator, the connector, the prober, discovery and an HttpClient.</summary>
public static class MipSecureServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="System.Net.Http.HttpClient"/> that <see cref="AddMipSecure(IServiceCollection, Action{MipSecureOptions}?)"/> registers.</summary>
    public const string HttpClientName = "MipSecure";

    /// <summary>Registers MipSecure with options set in code.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options, for example the CA certificate files.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddMipSecure(this IServiceCollection services, Action<MipSecureOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        var builder = services.AddOptions<MipSecureOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services, builder);
    }

    /// <summary>Registers MipSecure with options bound from configuration, for example the <c>MipSecure</c> section of appsettings.json.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The section holding the options (use <c>configuration.GetSection("MipSecure")</c>).</param>
    /// <param name="configure">Adjusts the options after binding.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddMipSecure(this IServiceCollection services, IConfiguration configuration, Action<MipSecureOptions>? configure = null)
    {
        if (services is null)
        {
            throw new ArgumentNullException(nameof(services));
        }

        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        var builder = services.AddOptions<MipSecureOptions>().Bind(configuration);
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        return AddCore(services, builder);
    }

    /// <summary>
    /// Registers MipSecure with the trust settings of a <c>mipsecure.json</c> site file (the CA certificates clients trust and the
    /// expiry warning window), and the site's servers as a <see cref="DiscoveredSite"/>. The file is read now, so a broken file
    /// fails at registration with its code, line and column.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="siteFilePath">The site file.</param>
    /// <param name="configure">Adjusts the options after the file, for example timeouts or address overrides.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddMipSecureFromSiteFile(this IServiceCollection services, string siteFilePath, Action<MipSecureOptions>? configure = null)
    {
        var site = MipSecureSiteFile.Load(siteFilePath);
        services.TryAddSingleton(site);
        services.TryAddSingleton(DiscoveredSite.FromSiteFile(site));
        return services.AddMipSecure(options =>
        {
            MipSecureSiteFile.ApplyTo(site, options);
            configure?.Invoke(options);
        });
    }

    /// <summary>Puts an <see cref="System.Net.Http.HttpClient"/> on MipSecure: validated TLS, address overrides and resilience.</summary>
    /// <param name="builder">The client's builder, for example from <c>services.AddHttpClient("mobile")</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHttpClientBuilder UseMipSecure(this IHttpClientBuilder builder)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        return builder
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => CreateHandler(provider, null));
    }

    /// <summary>Builds the trust anchors the options name: CA files, CA certificates given in code, and the Root store when asked.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The anchors.</returns>
    /// <exception cref="MipSecure.Trust.Certificates.CertificateLoadException">A CA file cannot be read (MIPSEC3xxx). Options registered
    /// with <c>AddMipSecure</c> never get here with such a file: their validation throws <see cref="MipSecureConfigurationException"/> first.</exception>
    internal static TrustAnchorSet CreateTrustAnchors(MipSecureOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var anchors = TrustAnchorSet.FromFiles(options.CaCertificateFiles).Certificates.Concat(options.CaCertificates);
        if (options.TrustRootStore)
        {
            anchors = anchors.Concat(TrustAnchorSet.FromStore(StoreName.Root, options.RootStoreLocation).Certificates);
        }

        return new TrustAnchorSet(anchors.ToList());
    }

    private static IServiceCollection AddCore(IServiceCollection services, OptionsBuilder<MipSecureOptions> builder)
    {
        // One gate for every check, so every configuration error is one MipSecureConfigurationException, with a host or without.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MipSecureOptions>, MipSecureOptionsGate>());
        builder.ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new MipSecureMetrics(
            provider.GetRequiredService<TimeProvider>(), provider.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<MipSecureOptions>>().Value;
            return new CertificateValidator(
                CreateTrustAnchors(options),
                new CertificateValidationOptions
                {
                    ExpiryWarningDays = options.ExpiryWarningDays,
                    TimeProvider = provider.GetRequiredService<TimeProvider>(),
                    RevocationLists = options.RevocationListFiles.Select(CertificateRevocationList.Load).ToList(),
                });
        });
        // Every part judges certificates through this one; reconnecting to a server does not re-verify the same chain.
        services.TryAddSingleton<ICertificateValidator>(provider => new CachingCertificateValidator(provider.GetRequiredService<CertificateValidator>()));
        services.TryAddSingleton(provider => new AddressOverrides(provider.GetRequiredService<IOptions<MipSecureOptions>>().Value.AddressOverrides));
        services.TryAddSingleton(provider => new CertificateExpiryMonitor(
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IOptions<MipSecureOptions>>().Value.ExpiryWarningDays,
            provider.GetRequiredService<MipSecureMetrics>(),
            provider.GetService<ILogger<CertificateExpiryMonitor>>()));
        services.TryAddSingleton(provider => new ConnectionResilience(
            provider.GetRequiredService<IOptions<MipSecureOptions>>().Value,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<MipSecureMetrics>(),
            provider.GetService<ILogger<ConnectionResilience>>()));
        services.TryAddSingleton(provider => new SecureConnector(
            provider.GetRequiredService<ICertificateValidator>(),
            provider.GetRequiredService<ConnectionResilience>(),
            provider.GetRequiredService<AddressOverrides>(),
            provider.GetRequiredService<CertificateExpiryMonitor>(),
            provider.GetRequiredService<MipSecureMetrics>(),
            provider.GetService<ILogger<SecureConnector>>())
        {
            TlsVersions = provider.GetRequiredService<IOptions<MipSecureOptions>>().Value.TlsVersions,
        });
        services.TryAddSingleton(provider => new EncryptionProber(
            provider.GetRequiredService<ICertificateValidator>(),
            provider.GetRequiredService<IOptions<MipSecureOptions>>().Value.Probe,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<AddressOverrides>(),
            provider.GetService<ILogger<EncryptionProber>>())
        {
            TlsVersions = provider.GetRequiredService<IOptions<MipSecureOptions>>().Value.TlsVersions,
        });
        services.TryAddSingleton(provider => new ImageServerClient(provider.GetRequiredService<SecureConnector>()));
        services.AddHttpClient(HttpClientName).UseMipSecure();
        services.TryAddTransient(provider => new ManagementServerDiscovery(
            provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<TimeProvider>()));
        services.TryAddTransient(provider => new XProtectLogin(
            provider.GetRequiredService<System.Net.Http.IHttpClientFactory>().CreateClient(HttpClientName),
            provider.GetRequiredService<TimeProvider>(),
            credentials => new System.Net.Http.HttpClient(CreateHandler(provider, credentials)) { Timeout = Timeout.InfiniteTimeSpan },
            provider.GetService<ILogger<LoginSession>>()));
        return services;
    }

    private static SecureHttpHandler CreateHandler(IServiceProvider provider, System.Net.ICredentials? credentials) =>
        new(
            provider.GetRequiredService<ICertificateValidator>(),
            provider.GetRequiredService<ConnectionResilience>(),
            provider.GetRequiredService<AddressOverrides>(),
            provider.GetRequiredService<CertificateExpiryMonitor>(),
            provider.GetRequiredService<MipSecureMetrics>(),
            provider.GetService<ILogger<SecureHttpHandler>>())
        {
            Credentials = credentials,
            TlsVersions = provider.GetRequiredService<IOptions<MipSecureOptions>>().Value.TlsVersions,
        };
}
