using System;
using System.Collections.Generic;
using MipSecure.Endpoints;

namespace MipSecure.Discovery;

/// <summary>A recording server or failover recorder as the management server describes it, with the address to dial.</summary>
public sealed class DiscoveredServer
{
    /// <summary>Creates a server description.</summary>
    /// <param name="id">The server's id in the configuration.</param>
    /// <param name="endpoint">The address to dial: the web server URI, or the public address for a client outside (<see cref="AddressSelection"/>).</param>
    /// <param name="webServerUri">The configured (local) web server URI.</param>
    /// <param name="activeWebServerUri">The address currently in use, when the management server reports one.</param>
    /// <param name="publicAccessEnabled">Whether public access is on.</param>
    /// <param name="enabled">Whether the server is enabled.</param>
    public DiscoveredServer(string id, XProtectEndpoint endpoint, Uri webServerUri, Uri? activeWebServerUri, bool publicAccessEnabled, bool enabled)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        WebServerUri = webServerUri ?? throw new ArgumentNullException(nameof(webServerUri));
        ActiveWebServerUri = activeWebServerUri;
        PublicAccessEnabled = publicAccessEnabled;
        Enabled = enabled;
        _addresses = new[] { endpoint };
    }

    private IReadOnlyList<XProtectEndpoint> _addresses;

    /// <summary>Gets the server's id in the configuration.</summary>
    public string Id { get; }

    /// <summary>Gets the server's name.</summary>
    public string Name => Endpoint.Name;

    /// <summary>Gets the address to dial.</summary>
    public XProtectEndpoint Endpoint { get; }

    /// <summary>Gets the configured (local) web server URI.</summary>
    public Uri WebServerUri { get; }

    /// <summary>Gets the address currently in use, when reported.</summary>
    public Uri? ActiveWebServerUri { get; }

    /// <summary>Gets whether public access is on.</summary>
    public bool PublicAccessEnabled { get; }

    /// <summary>Gets whether the server is enabled.</summary>
    public bool Enabled { get; }

    /// <summary>
    /// Gets the public address built from <c>publicWebserverHostName</c> and <c>publicWebserverPort</c> (or
    /// <c>activeWebServerUri</c> when no public host is given), with the scheme of <see cref="WebServerUri"/>.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: public access off, or no public address known.</value>
    public Uri? PublicUri { get; init; }

    /// <summary>Gets every address clients use as the caller chose them (<see cref="AddressSelection"/>), <see cref="Endpoint"/> first.</summary>
    /// <value>The default value is <see cref="Endpoint"/> alone.</value>
    public IReadOnlyList<XProtectEndpoint> Addresses
    {
        get => _addresses;
        init => _addresses = value is { Count: > 0 } ? value : new[] { Endpoint };
    }

    /// <summary>Gets whether the configuration says traffic to this server is encrypted.</summary>
    public EndpointEncryption Encryption => Endpoint.Encryption;

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint} encryption {Encryption.ToString().ToLowerInvariant()}";
}
