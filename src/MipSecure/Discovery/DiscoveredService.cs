using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Endpoints;
using MipSecure.Trust;

namespace MipSecure.Discovery;

/// <summary>A mobile server or event server as the registered services list it, with its http and https addresses.</summary>
public sealed class DiscoveredService
{
    /// <summary>Creates a service description.</summary>
    /// <param name="id">The instance id.</param>
    /// <param name="name">The name.</param>
    /// <param name="role">The role: <see cref="ServerRole.MobileServer"/> or <see cref="ServerRole.EventServer"/>.</param>
    /// <param name="uris">The addresses the service registered, http and https alike.</param>
    /// <param name="enabled">Whether the service is enabled.</param>
    public DiscoveredService(string id, string name, ServerRole role, IEnumerable<Uri> uris, bool enabled)
    {
        Id = id ?? throw new ArgumentNullException(nameof(id));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Role = role;
        Uris = (uris ?? throw new ArgumentNullException(nameof(uris))).Distinct().ToList();
        Enabled = enabled;
    }

    /// <summary>Gets the instance id.</summary>
    public string Id { get; }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets the role.</summary>
    public ServerRole Role { get; }

    /// <summary>Gets every address the service registered.</summary>
    public IReadOnlyList<Uri> Uris { get; }

    /// <summary>Gets the first http address, if any.</summary>
    public Uri? HttpUri => Uris.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp);

    /// <summary>Gets the first https address, if any: its presence means encryption is on.</summary>
    public Uri? HttpsUri => Uris.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttps);

    /// <summary>Gets whether the service is enabled.</summary>
    public bool Enabled { get; }

    /// <summary>Gets the address clients use: https when the service has it (encryption on), http otherwise.</summary>
    public XProtectEndpoint Endpoint => new(HttpsUri ?? HttpUri ?? Uris[0], Role, Name);

    /// <summary>Gets one endpoint per address.</summary>
    public IEnumerable<XProtectEndpoint> Endpoints => Uris.Select(u => new XProtectEndpoint(u, Role, Name));
}
