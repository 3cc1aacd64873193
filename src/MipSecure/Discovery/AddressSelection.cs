namespace MipSecure.Discovery;

/// <summary>
/// Which address of a recording server or failover recorder a client dials. XProtect gives each one a local address
/// (<c>webServerUri</c>) and, with public access on, a public one for clients on networks the management server does not
/// count as local (<c>publicWebserverHostName:publicWebserverPort</c>, or <c>activeWebServerUri</c>).
/// </summary>
public enum AddressSelection
{
    /// <summary>The client is on a network the management server counts as local: dial <c>webServerUri</c>.</summary>
    Local = 0,

    /// <summary>The client is outside: dial the public address where public access is on, <c>webServerUri</c> otherwise.</summary>
    Public = 1,

    /// <summary>Clients stand on both sides: every address clients use is checked, and each certificate must name every such host.</summary>
    Both = 2,
}
