using System;

namespace MipSecure.Trust.Configuration;

/// <summary>One address a server is reached by, with the configuration property that gave it.</summary>
/// <param name="Uri">The address.</param>
/// <param name="PropertyName">The configuration property, for example <c>activeWebServerUri</c>.</param>
/// <param name="Location">Where the address was written.</param>
public sealed record ServerEndpoint(Uri Uri, string PropertyName, SourceLocation Location)
{
    /// <summary>Gets whether the address uses https, that is whether the connection is encrypted.</summary>
    public bool IsHttps => string.Equals(Uri.Scheme, "https", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gets the host that is dialled, as the certificate must name it (IPv6 without brackets).</summary>
    public string Host => Uri.IdnHost;
}
