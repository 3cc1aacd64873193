using System.Threading;
using System.Threading.Tasks;
using MipSecure.Testing.Simulation;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Demo;

/// <summary>
/// Starts a simulated site shaped like a mipsecure.json: the same servers, names, host names and encryption, on ephemeral
/// loopback ports, with certificates from the simulator's own CA (the file's certificates stay where they are).
/// </summary>
internal static class ConfiguredSite
{
    public static Task<SimulatedSite> StartAsync(SiteConfiguration configuration, CancellationToken cancellationToken) =>
        Describe(SimulatedSite.CreateBuilder(), configuration).StartAsync(cancellationToken);

    /// <summary>Adds the file's servers to <paramref name="builder"/>; the file needs a management server.</summary>
    public static SimulatedSiteBuilder Describe(SimulatedSiteBuilder builder, SiteConfiguration configuration)
    {
        if (configuration.ManagementServer is null)
        {
            throw new MipSecureException(
                MipSecCodes.ConfigurationMissingProperty,
                $"{configuration.SourcePath ?? "The site"} has no managementServer; a simulated site needs one.",
                "Add \"managementServer\": { \"uri\": \"https://mgmt.contoso.local/\" } to the file.");
        }

        return builder.AddServersFrom(configuration);
    }
}
