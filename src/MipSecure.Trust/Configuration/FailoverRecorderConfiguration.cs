using System;

namespace MipSecure.Trust.Configuration;

/// <summary>A <c>failoverRecorders</c> entry: the same addresses as a recording server, which it stands in for.</summary>
public sealed class FailoverRecorderConfiguration : RecordingServerConfiguration
{
    /// <summary>Creates the entry.</summary>
    /// <param name="name">The failover recorder's name.</param>
    /// <param name="webServerUri">The web server address, for example <c>https://fo1.contoso.local:7563/</c>.</param>
    public FailoverRecorderConfiguration(string name, Uri webServerUri)
        : base(name, webServerUri)
    {
    }

    /// <inheritdoc />
    public override ServerRole Role => ServerRole.FailoverRecorder;
}
