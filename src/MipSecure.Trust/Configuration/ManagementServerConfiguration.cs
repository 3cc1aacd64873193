using System;
using System.Collections.Generic;

namespace MipSecure.Trust.Configuration;

/// <summary>The <c>managementServer</c> entry. Its encryption is on when <see cref="Uri"/> is https.</summary>
public sealed class ManagementServerConfiguration : ServerConfiguration
{
    /// <summary>Creates the entry.</summary>
    /// <param name="uri">The address clients and recording servers use, for example <c>https://mgmt.contoso.local/</c>.</param>
    /// <param name="name">The name; the host of <paramref name="uri"/> when <see langword="null"/>.</param>
    public ManagementServerConfiguration(Uri uri, string? name = null)
        : base(name ?? (uri ?? throw new ArgumentNullException(nameof(uri))).Host)
    {
        Uri = uri;
    }

    /// <summary>Gets the address of the management server.</summary>
    public Uri Uri { get; }

    /// <inheritdoc />
    public override ServerRole Role => ServerRole.ManagementServer;

    /// <inheritdoc />
    protected override IEnumerable<(string PropertyName, Uri? Uri)> EndpointProperties()
    {
        yield return ("uri", Uri);
    }
}
