namespace MipSecure.Endpoints;

/// <summary>Whether an endpoint's configuration says its traffic is encrypted.</summary>
public enum EndpointEncryption
{
    /// <summary>The URI's scheme is <c>http</c>: XProtect has encryption off for this server.</summary>
    Off = 0,

    /// <summary>The URI's scheme is <c>https</c>: XProtect has encryption on, and only TLS is acceptable.</summary>
    On = 1,
}
