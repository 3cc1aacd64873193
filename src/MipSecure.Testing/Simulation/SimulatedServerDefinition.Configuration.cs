using System;
using MipSecure.Trust;
using MipSecure.Trust.Configuration;

namespace MipSecure.Testing.Simulation;

public sealed partial record SimulatedServerDefinition
{
    /// <summary>Maps one server of a site model to a definition: role, name, host (and public host) and encryption from its URIs.</summary>
    /// <param name="server">The configured server.</param>
    /// <returns>The definition, with ephemeral ports and a valid certificate profile.</returns>
    public static SimulatedServerDefinition FromConfiguration(ServerConfiguration server)
    {
        if (server is null)
        {
            throw new ArgumentNullException(nameof(server));
        }

        return server switch
        {
            ManagementServerConfiguration management => new SimulatedServerDefinition(ServerRole.ManagementServer, server.Name, management.Uri.Host)
            {
                Encrypted = management.Uri.Scheme == Uri.UriSchemeHttps,
            },
            FailoverRecorderConfiguration failover => Recorder(ServerRole.FailoverRecorder, failover),
            RecordingServerConfiguration recorder => Recorder(ServerRole.RecordingServer, recorder),
            MobileServerConfiguration mobile => new SimulatedServerDefinition(ServerRole.MobileServer, server.Name, (mobile.HttpsUri ?? mobile.HttpUri)!.Host)
            {
                Encrypted = mobile.HttpsUri is not null,
            },
            EventServerConfiguration events => new SimulatedServerDefinition(ServerRole.EventServer, server.Name, events.Uri.Host)
            {
                Encrypted = events.Uri.Scheme == Uri.UriSchemeHttps,
            },
            _ => throw new ArgumentException($"The {server.Description} has a role the simulator does not know.", nameof(server)),
        };
    }

    private static SimulatedServerDefinition Recorder(ServerRole role, RecordingServerConfiguration recorder)
    {
        var publicHost = recorder.ActiveWebServerUri?.Host;
        return new SimulatedServerDefinition(role, recorder.Name, recorder.WebServerUri.Host)
        {
            Encrypted = recorder.WebServerUri.Scheme == Uri.UriSchemeHttps,
            PublicHostName = publicHost is not null && !string.Equals(publicHost, recorder.WebServerUri.Host, StringComparison.OrdinalIgnoreCase) ? publicHost : null,
        };
    }
}
