using System;
using System.Collections.Generic;

namespace MipSecure.Trust.Configuration;

/// <summary>An <c>eventServers</c> entry: the alarm service address (port 22331, http or https).</summary>
public sealed class EventServerConfiguration : ServerConfiguration
{
    /// <summary>Creates the entry.</summary>
    /// <param name="name">The event server's name.</param>
    /// <param name="uri">The alarm service address, for example <c>https://events.contoso.local:22331/</c>.</param>
    public EventServerConfiguration(string name, Uri uri)
        : base(name)
    {
        Uri = uri ?? throw new ArgumentNullException(nameof(uri));
    }

    /// <summary>Gets the alarm service address.</summary>
    public Uri Uri { get; }

    /// <inheritdoc />
    public override ServerRole Role => ServerRole.EventServer;

    /// <inheritdoc />
    protected override IEnumerable<(string PropertyName, Uri? Uri)> EndpointProperties()
    {
        yield return ("uri", Uri);
    }
}
