using System;
using System.Collections.Generic;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// A <c>recordingServers</c> entry. Clients dial <see cref="WebServerUri"/> or, from outside the local network,
/// <see cref="ActiveWebServerUri"/>; the certificate must name the host of both.
/// </summary>
public class RecordingServerConfiguration : ServerConfiguration
{
    /// <summary>Creates the entry.</summary>
    /// <param name="name">The recording server's name.</param>
    /// <param name="webServerUri">The web server address, for example <c>https://rec1.contoso.local:7563/</c>.</param>
    public RecordingServerConfiguration(string name, Uri webServerUri)
        : base(name)
    {
        WebServerUri = webServerUri ?? throw new ArgumentNullException(nameof(webServerUri));
    }

    /// <summary>Gets the web server address (the recording server's <c>WebServerUri</c>).</summary>
    public Uri WebServerUri { get; }

    /// <summary>Gets the address currently in use when it differs, for example the public address (<c>ActiveWebServerUri</c>).</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public Uri? ActiveWebServerUri { get; init; }

    /// <inheritdoc />
    public override ServerRole Role => ServerRole.RecordingServer;

    /// <inheritdoc />
    protected override IEnumerable<(string PropertyName, Uri? Uri)> EndpointProperties()
    {
        yield return ("webServerUri", WebServerUri);
        yield return ("activeWebServerUri", ActiveWebServerUri);
    }
}
