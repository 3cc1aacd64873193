using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MipSecure.Trust;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Endpoints;

/// <summary>
/// One XProtect server address as the configuration states it: <c>ServerId.Uri</c>, <c>WebServerUri</c>,
/// <c>ActiveWebServerUri</c> or a REST <c>webServerUri</c>. The scheme is the only signal XProtect gives for encryption:
/// <c>https</c> means TLS on that port and nothing else.
/// </summary>
public sealed record XProtectEndpoint
{
    /// <summary>Creates an endpoint.</summary>
    /// <param name="uri">The absolute http or https URI of the server.</param>
    /// <param name="role">The kind of server.</param>
    /// <param name="name">The server's name as the administrator gave it, used in messages.</param>
    /// <exception cref="MipSecureException">MIPSEC4009 when <paramref name="uri"/> is not an absolute http or https URI.</exception>
    public XProtectEndpoint(Uri uri, ServerRole role, string? name = null)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw new MipSecureException(
                MipSecCodes.UnsupportedEndpointUri,
                $"The {role.Describe(name)} has the address '{uri.OriginalString}', which is not an absolute http or https URI.",
                "Take the address from the XProtect configuration (WebServerUri, ActiveWebServerUri or ServerId.Uri), for example https://rec1.contoso.local:7563/.");
        }

        Uri = uri;
        Role = role;
        Name = string.IsNullOrWhiteSpace(name) ? uri.Host : name!;
    }

    /// <summary>Gets the server's URI.</summary>
    public Uri Uri { get; }

    /// <summary>Gets the kind of server.</summary>
    public ServerRole Role { get; }

    /// <summary>Gets the server's name (the host name when none was given).</summary>
    public string Name { get; }

    /// <summary>Gets whether the configuration says traffic to this endpoint is encrypted.</summary>
    public EndpointEncryption Encryption => Uri.Scheme == Uri.UriSchemeHttps ? EndpointEncryption.On : EndpointEncryption.Off;

    /// <summary>Gets the host name dialled and checked against the certificate.</summary>
    public string Host => Uri.IdnHost;

    /// <summary>Gets the TCP port: the URI's port, or the scheme's default.</summary>
    public int Port => Uri.Port;

    /// <summary>Gets the key that identifies the server for circuit breakers, metrics and expiry tracking: <c>host:port</c>.</summary>
    public string ServerKey => Host.ToLowerInvariant() + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets how messages name this server, for example <c>recording server 'Recorder 1'</c>.</summary>
    public string Description => Role.Describe(Name);

    /// <summary>Creates a recording server endpoint from its web server URI.</summary>
    /// <param name="webServerUri">The URI, for example <c>https://rec1.contoso.local:7563/</c>.</param>
    /// <param name="name">The server's name.</param>
    /// <returns>The endpoint.</returns>
    public static XProtectEndpoint RecordingServer(string webServerUri, string? name = null) =>
        new(ParseUri(webServerUri, ServerRole.RecordingServer, name), ServerRole.RecordingServer, name);

    /// <summary>
    /// Gets the endpoints clients dial of a server of a <c>mipsecure.json</c> site file, by the rule of
    /// <see cref="ServerConfiguration.DialledEndpoints"/>.
    /// </summary>
    /// <param name="server">The server of the site file.</param>
    /// <returns>One endpoint per dialled address, with the server's role and name.</returns>
    public static IReadOnlyList<XProtectEndpoint> DialledBy(ServerConfiguration server)
    {
        if (server is null)
        {
            throw new ArgumentNullException(nameof(server));
        }

        return server.DialledEndpoints.Select(endpoint => new XProtectEndpoint(endpoint.Uri, server.Role, server.Name)).ToList();
    }

    /// <summary>Parses <paramref name="uri"/> for an endpoint of <paramref name="role"/>.</summary>
    /// <param name="uri">The URI text.</param>
    /// <param name="role">The kind of server.</param>
    /// <param name="name">The server's name.</param>
    /// <returns>The endpoint.</returns>
    /// <exception cref="MipSecureException">MIPSEC4009 when the text is not an absolute http or https URI.</exception>
    public static XProtectEndpoint Parse(string uri, ServerRole role, string? name = null) =>
        new(ParseUri(uri, role, name), role, name);

    /// <inheritdoc />
    public override string ToString() => $"{Description} ({Uri})";

    private static Uri ParseUri(string uri, ServerRole role, string? name)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        if (Uri.TryCreate(uri.Trim(), UriKind.Absolute, out var parsed))
        {
            return parsed;
        }

        throw new MipSecureException(
            MipSecCodes.UnsupportedEndpointUri,
            $"The {role.Describe(name)} has the address '{uri}', which is not an absolute URI.",
            "Take the address from the XProtect configuration, for example https://rec1.contoso.local:7563/.");
    }
}
