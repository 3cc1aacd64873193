using System;
using System.IO;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MipSecure.Options;

namespace MipApp._1;

/// <summary>Registers the integration: MipSecure with its options validated on start, the site options, and the site client.</summary>
public static class IntegrationServiceCollectionExtensions
{
    /// <summary>Adds the integration's services, bound from the <c>MipSecure</c> and <c>Integration</c> sections.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="configureMipSecure">Adjusts MipSecure after binding, for example a CA certificate given in code.</param>
    /// <returns>The services, for chaining.</returns>
    public static IServiceCollection AddIntegration(this IServiceCollection services, IConfiguration configuration, Action<MipSecureOptions>? configureMipSecure = null)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        services.AddMipSecure(configuration.GetSection(MipSecureOptions.SectionName), options =>
        {
            // CA files are relative to the application folder, wherever the service is started from.
            for (var i = 0; i < options.CaCertificateFiles.Count; i++)
            {
                options.CaCertificateFiles[i] = Path.Combine(AppContext.BaseDirectory, options.CaCertificateFiles[i]);
            }

            configureMipSecure?.Invoke(options);
        });
        services.AddOptions<IntegrationOptions>()
            .Bind(configuration.GetSection(IntegrationOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<SiteClient>();
        return services;
    }
}
