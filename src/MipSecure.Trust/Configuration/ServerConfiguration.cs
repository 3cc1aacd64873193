using System;
using System.Collections.Generic;
using System.Linq;

namespace MipSecure.Trust.Configuration;

/// <summary>One server of the site: its name, the addresses it is reached by and the certificate it presents.</summary>
public abstract class ServerConfiguration
{
    private readonly Dictionary<string, SourceLocation> _propertyLocations = new(StringComparer.Ordinal);

    /// <summary>Creates a server entry.</summary>
    /// <param name="name">The name the site uses for the server, for example "Recorder 1".</param>
    protected ServerConfiguration(string name)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
    }

    /// <summary>Gets the name the site uses for the server.</summary>
    public string Name { get; }

    /// <summary>Gets the kind of server.</summary>
    public abstract ServerRole Role { get; }

    /// <summary>Gets the certificate the server presents, when the configuration names one.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public CertificateReference? Certificate { get; init; }

    /// <summary>Gets where the entry was written.</summary>
    /// <value>The default value is <see cref="SourceLocation.None"/>.</value>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Gets the addresses the server is reached by, in the order the configuration lists them.</summary>
    public IReadOnlyList<ServerEndpoint> Endpoints =>
        EndpointProperties()
            .Where(p => p.Uri is not null)
            .Select(p => new ServerEndpoint(p.Uri!, p.PropertyName, LocationOf(p.PropertyName)))
            .ToList();

    /// <summary>
    /// Gets the addresses clients dial, the one rule for every part that connects to the servers of a site file (the client's
    /// site, <c>mipsecure probe --config</c>, <c>mipsecure watch --config</c>): a recording server's or failover recorder's
    /// <c>webServerUri</c> and, when configured, its <c>activeWebServerUri</c> (the public address), as
    /// <c>mipsecure audit --address both</c> checks them; a mobile server's <c>httpsUri</c> when encryption is on, else its
    /// <c>httpUri</c>; the one address of every other server.
    /// </summary>
    /// <value>A subset of <see cref="Endpoints"/>, in the order the configuration lists them, without repeats.</value>
    public virtual IReadOnlyList<ServerEndpoint> DialledEndpoints =>
        Endpoints.GroupBy(e => e.Uri).Select(g => g.First()).ToList();

    /// <summary>Gets whether the server has encryption on: every address it is reached by uses https.</summary>
    public virtual bool IsEncrypted
    {
        get
        {
            var endpoints = Endpoints;
            return endpoints.Count > 0 && endpoints.All(e => e.IsHttps);
        }
    }

    /// <summary>Gets how messages name the server, for example <c>recording server 'Recorder 1'</c>.</summary>
    public string Description => Role.Describe(Name);

    /// <summary>Gets where a property of this entry was written, or where the entry starts when the property has no location.</summary>
    /// <param name="propertyName">The configuration property, for example <c>webServerUri</c>.</param>
    /// <returns>The location.</returns>
    public SourceLocation LocationOf(string propertyName) =>
        propertyName is not null && _propertyLocations.TryGetValue(propertyName, out var location) ? location : Location;

    /// <summary>Lists the address properties of this kind of server with their values (which may be absent).</summary>
    /// <returns>The properties in configuration order.</returns>
    protected abstract IEnumerable<(string PropertyName, Uri? Uri)> EndpointProperties();

    internal void SetPropertyLocation(string propertyName, SourceLocation location) => _propertyLocations[propertyName] = location;
}
