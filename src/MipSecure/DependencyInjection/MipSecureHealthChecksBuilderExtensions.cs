using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds <see cref="MipSecureHealthCheck"/> to an application's health checks.</summary>
public static class MipSecureHealthChecksBuilderExtensions
{
    /// <summary>The default name of the check.</summary>
    public const string DefaultName = "mipsecure";

    /// <summary>
    /// Adds a check of the XProtect servers: unhealthy on an error finding, degraded inside the expiry warning window,
    /// healthy otherwise. Needs <c>services.AddMipSecure(...)</c> (or <c>AddMipSecureFromSiteFile</c>) for the prober and
    /// its trusted CA certificates.
    /// </summary>
    /// <param name="builder">The health checks builder from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="configure">Names the servers to probe; without any, the registered site file's servers are probed.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">The status an error finding gives; <see cref="HealthStatus.Unhealthy"/> when <see langword="null"/>.</param>
    /// <param name="tags">Tags to filter checks by, for example <c>ready</c>.</param>
    /// <returns>The builder, for chaining.</returns>
    public static IHealthChecksBuilder AddMipSecure(
        this IHealthChecksBuilder builder,
        Action<MipSecureHealthCheckOptions>? configure = null,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        if (builder is null)
        {
            throw new ArgumentNullException(nameof(builder));
        }

        var options = new MipSecureHealthCheckOptions();
        configure?.Invoke(options);
        MipSecureHealthCheck? check = null;
        var gate = new object();
        return builder.Add(new HealthCheckRegistration(
            name,
            provider =>
            {
                // One instance per registration, so its cache outlives a single health request.
                lock (gate)
                {
                    return check ??= new MipSecureHealthCheck(
                        provider.GetRequiredService<EncryptionProber>(),
                        options.Endpoints.Count > 0 ? options.Endpoints : provider.GetService<DiscoveredSite>()?.AllEndpoints ?? Enumerable.Empty<XProtectEndpoint>(),
                        provider.GetService<TimeProvider>() ?? TimeProvider.System,
                        options.CacheDuration);
                }
            },
            failureStatus,
            tags));
    }
}
