using System;
using MipSecure.Pki;
using MipSecure.Trust;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// Describes one server of a simulated site: its role, name, host, encryption and certificate, ports and fault.
/// The same shape a <c>mipsecure.json</c> server entry has, so a site model maps onto it one entry at a time.
/// </summary>
public sealed partial record SimulatedServerDefinition
{
    /// <summary>Creates a definition.</summary>
    /// <param name="role">The server's role.</param>
    /// <param name="name">The display name, for example "Recorder 1".</param>
    /// <param name="hostName">The host name clients dial, for example "rec1.contoso.local".</param>
    public SimulatedServerDefinition(ServerRole role, string name, string hostName)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new ArgumentException("A server needs a name.", nameof(name));
        }

        if (string.IsNullOrWhiteSpace(hostName) || Uri.CheckHostName(hostName) == UriHostNameType.Unknown)
        {
            throw new ArgumentException($"'{hostName}' is not a host name.", nameof(hostName));
        }

        Role = role;
        Name = name;
        HostName = hostName;
    }

    /// <summary>Gets the server's role.</summary>
    public ServerRole Role { get; init; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; init; }

    /// <summary>Gets the host name clients dial. It does not resolve: clients map it with <see cref="SimulatedSite.HostMap"/>.</summary>
    public string HostName { get; init; }

    /// <summary>Gets the public host name of a recording server or failover recorder reached from outside (public access).</summary>
    /// <value>The default value is <see langword="null"/>: public access off.</value>
    public string? PublicHostName { get; init; }

    /// <summary>
    /// Gets whether clients can reach the public address. When <see langword="false"/>, the REST API publishes a public port on
    /// which nothing listens (like a NAT address that is not reachable from inside), so a connection to it is refused.
    /// </summary>
    /// <value>The default value is <see langword="true"/>: the public address reaches the server.</value>
    public bool PublicAddressReachable { get; init; } = true;

    /// <summary>Gets whether the certificate issued to the server names its public host as well as its local one.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool CertificateNamesPublicHost { get; init; } = true;

    /// <summary>
    /// Gets the host of a management server's API gateway when it runs on another host: the gateway then serves the REST API
    /// and the token grant on its own HTTPS listener, and <c>/api/.well-known/uris</c> names it; the management server's own
    /// host answers <c>/api/rest/…</c> with 404.
    /// </summary>
    /// <value>The default value is <see langword="null"/>: the gateway is on the management server's host.</value>
    public string? ApiGatewayHostName { get; init; }

    /// <summary>Gets the server's id; <see cref="Guid.Empty"/> gives a new one when the site starts.</summary>
    /// <value>The default value is <see cref="Guid.Empty"/>.</value>
    public Guid Id { get; init; }

    /// <summary>Gets whether encryption is on: the server speaks TLS (recording, failover, event) or adds its HTTPS listener (management, mobile).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Encrypted { get; init; } = true;

    /// <summary>Gets the kind of certificate the site CA issues to the server.</summary>
    /// <value>The default value is <see cref="CertificateProfile.Valid"/>.</value>
    public CertificateProfile CertificateProfile { get; init; } = CertificateProfile.Valid;

    /// <summary>Gets a certificate to present instead of one issued from <see cref="CertificateProfile"/>.</summary>
    /// <value>The default value is <see langword="null"/>: issue from the profile.</value>
    public IssuedServerCertificate? Certificate { get; init; }

    /// <summary>Gets whether the server was enabled in the configuration (reported by the REST API).</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Gets a fixed port for the server's main listener: the only one of a recording, failover or event server, the HTTPS one of a
    /// management or mobile server (the HTTP one when encryption is off).
    /// </summary>
    /// <value>The default value is <see langword="null"/>: an ephemeral port.</value>
    public int? Port { get; init; }

    /// <summary>Gets a fixed port for the HTTP listener of an encrypted management or mobile server.</summary>
    /// <value>The default value is <see langword="null"/>: an ephemeral port.</value>
    public int? PlaintextPort { get; init; }

    /// <summary>Gets the fault the server starts with.</summary>
    /// <value>The default value is <see cref="ServerFault.None"/>.</value>
    public ServerFault Fault { get; init; } = ServerFault.None;

    /// <summary>Gets the cameras of a recording server or failover recorder; <c>connect</c> for any other camera id is refused.</summary>
    /// <value>The default value is <see langword="null"/>: one camera, <see cref="SimulatedCamera.DefaultFor(string)"/> of the server's name.</value>
    public System.Collections.Generic.IReadOnlyList<SimulatedCamera>? Cameras { get; init; }

    /// <summary>Gets the TLS versions the server accepts, for example <see cref="System.Security.Authentication.SslProtocols.Tls12"/> only, as a hardened Windows Server 2016/2019 would.</summary>
    /// <value>The default value is <see cref="System.Security.Authentication.SslProtocols.None"/>: the platform's choice.</value>
    public System.Security.Authentication.SslProtocols TlsProtocols { get; init; } = System.Security.Authentication.SslProtocols.None;

    /// <summary>Gets whether the role has a separate HTTP listener beside its HTTPS one when encrypted.</summary>
    internal bool HasPlaintextCompanion => Role is ServerRole.ManagementServer or ServerRole.MobileServer;
}
