using System;
using System.Collections.Generic;
using System.Linq;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// A <c>mobileServers</c> entry. A mobile server serves HTTP (8081) and, with encryption on, HTTPS (8082);
/// its encryption is on when <see cref="HttpsUri"/> is given.
/// </summary>
public sealed class MobileServerConfiguration : ServerConfiguration
{
    /// <summary>Creates the entry.</summary>
    /// <param name="name">The mobile server's name.</param>
    /// <param name="httpUri">The HTTP address, if served.</param>
    /// <param name="httpsUri">The HTTPS address, if served.</param>
    public MobileServerConfiguration(string name, Uri? httpUri, Uri? httpsUri)
        : base(name)
    {
        if (httpUri is null && httpsUri is null)
        {
            throw new ArgumentException("A mobile server needs an HTTP or an HTTPS address.", nameof(httpsUri));
        }

        HttpUri = httpUri;
        HttpsUri = httpsUri;
    }

    /// <summary>Gets the HTTP address, for example <c>http://mobile.contoso.local:8081/</c>.</summary>
    public Uri? HttpUri { get; }

    /// <summary>Gets the HTTPS address, for example <c>https://mobile.contoso.local:8082/</c>.</summary>
    public Uri? HttpsUri { get; }

    /// <inheritdoc />
    public override ServerRole Role => ServerRole.MobileServer;

    /// <summary>Gets whether encryption is on: the mobile server serves HTTPS. Serving HTTP as well is normal.</summary>
    public override bool IsEncrypted => HttpsUri is not null;

    /// <summary>Gets the address clients dial: the HTTPS address when encryption is on (a client that can use it does), else the HTTP address.</summary>
    public override IReadOnlyList<ServerEndpoint> DialledEndpoints =>
        Endpoints.Where(e => e.PropertyName == (HttpsUri is null ? "httpUri" : "httpsUri")).ToList();

    /// <inheritdoc />
    protected override IEnumerable<(string PropertyName, Uri? Uri)> EndpointProperties()
    {
        yield return ("httpUri", HttpUri);
        yield return ("httpsUri", HttpsUri);
    }
}
