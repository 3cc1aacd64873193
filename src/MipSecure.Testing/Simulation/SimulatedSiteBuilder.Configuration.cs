using System;
using MipSecure.Trust.Configuration;

namespace MipSecure.Testing.Simulation;

public sealed partial class SimulatedSiteBuilder
{
    /// <summary>
    /// Adds every server of a site model (<c>mipsecure.json</c>): role, name, host names and encryption come from the
    /// configured URIs. Ports stay ephemeral and each server gets a valid certificate from the site CA, since the model's
    /// certificate files rarely carry private keys; adjust any server with <paramref name="configure"/>.
    /// </summary>
    /// <param name="configuration">The site model.</param>
    /// <param name="configure">Adjusts each server's definition, for example to inject a fault or pick a certificate profile.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddServersFrom(SiteConfiguration configuration, Func<SimulatedServerDefinition, SimulatedServerDefinition>? configure = null)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        foreach (var server in configuration.Servers)
        {
            var definition = SimulatedServerDefinition.FromConfiguration(server);
            AddServer(configure is null ? definition : configure(definition) ?? throw new InvalidOperationException("The configure function returned null."));
        }

        return this;
    }
}
