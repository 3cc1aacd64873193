using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Testing.Simulation.Protocols;
using MipSecure.Testing.Simulation.Transport;
using MipSecure.Trust;
using MipSecure.Trust.Certificates;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// A simulated XProtect site: management, recording, failover, mobile and event servers speaking the real protocols
/// over real TLS on 127.0.0.1. Host names such as rec1.contoso.local do not resolve: connect through <see cref="HostMap"/>
/// and validate certificates against <see cref="RootCertificate"/>. Dispose it to close every listener and connection.
/// </summary>
public sealed class SimulatedSite : IAsyncDisposable
{
    private readonly SiteRuntime _runtime;
    private readonly SiteHttpHost _http;
    private readonly bool _ownsAuthority;
    private int _disposed;

    private SimulatedSite(SiteRuntime runtime, SiteHttpHost http, IReadOnlyList<SimulatedServer> servers, bool ownsAuthority)
    {
        _runtime = runtime;
        _http = http;
        _ownsAuthority = ownsAuthority;
        Servers = servers;
        RootCertificatePem = CertificateAuthority.ExportPem(RootCertificate);
        var hostMap = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        foreach (var server in servers)
        {
            hostMap.TryAdd(server.HostName, EndPointOf(server.Uri));
            if (server.PublicUri is { } publicUri)
            {
                hostMap.TryAdd(publicUri.Host, EndPointOf(publicUri));
            }

            if (server.ApiGatewayEndpoint is { } gateway)
            {
                hostMap.TryAdd(gateway.Uri.Host, gateway.EndPoint);
            }
        }

        HostMap = hostMap;
    }

    /// <summary>Gets the CA that issued the servers' certificates.</summary>
    public CertificateAuthority CertificateAuthority => _runtime.Authority;

    /// <summary>Gets the root certificate clients of the site install as trusted.</summary>
    public X509Certificate2 RootCertificate => _runtime.Authority.Root.Certificate;

    /// <summary>Gets <see cref="RootCertificate"/> as PEM text, ready to write to a CA file.</summary>
    public string RootCertificatePem { get; }

    /// <summary>Gets the site's root as a trust anchor set for <c>CertificateValidator</c>.</summary>
    public TrustAnchorSet TrustAnchors => new(new[] { RootCertificate });

    /// <summary>Gets the basic user the site accepts.</summary>
    public SimulatedCredentials Credentials => _runtime.Credentials;

    /// <summary>Gets the Windows user the identity provider's Windows grant accepts (<see cref="SimulatedSiteBuilder.WithWindowsUser"/>); <see langword="null"/> for none.</summary>
    public SimulatedWindowsUser? WindowsUser => _runtime.WindowsUser;

    /// <summary>Gets the site's identity provider: issue, check and expire tokens directly.</summary>
    public SimulatedTokenService Tokens => _runtime.Tokens;

    /// <summary>Gets every ServerCommandService <c>Login</c> the management server answered, oldest first.</summary>
    public IReadOnlyList<SimulatedLogin> Logins => _runtime.Logins;

    /// <summary>Gets how many ServerCommandService <c>Login</c> requests reached the management server, answered or refused.</summary>
    public int LoginRequests => _runtime.LoginRequests;

    /// <summary>Gets the site's clock.</summary>
    public TimeProvider TimeProvider => _runtime.TimeProvider;

    /// <summary>Gets every server.</summary>
    public IReadOnlyList<SimulatedServer> Servers { get; }

    /// <summary>Gets the management server; throws when the site has none.</summary>
    public SimulatedServer ManagementServer => Servers.FirstOrDefault(s => s.Role == ServerRole.ManagementServer)
        ?? throw new InvalidOperationException("The simulated site has no management server. Add one with AddManagementServer().");

    /// <summary>Gets the recording servers.</summary>
    public IReadOnlyList<SimulatedServer> RecordingServers => Of(ServerRole.RecordingServer);

    /// <summary>Gets the failover recorders.</summary>
    public IReadOnlyList<SimulatedServer> FailoverRecorders => Of(ServerRole.FailoverRecorder);

    /// <summary>Gets the mobile servers.</summary>
    public IReadOnlyList<SimulatedServer> MobileServers => Of(ServerRole.MobileServer);

    /// <summary>Gets the event servers.</summary>
    public IReadOnlyList<SimulatedServer> EventServers => Of(ServerRole.EventServer);

    /// <summary>
    /// Gets, for every host name (and public host name) of the site, the loopback endpoint of that server's main URI.
    /// Every address is 127.0.0.1; when several servers share a host, the port is the first server's, so prefer
    /// <see cref="ResolveEndPoint(Uri)"/> when the URI is known.
    /// </summary>
    public IReadOnlyDictionary<string, IPEndPoint> HostMap { get; }

    /// <summary>Starts a simulated site.</summary>
    /// <param name="configure">Describes the site; <see langword="null"/> gives <see cref="SimulatedSiteBuilder.AddStandardSite"/>.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running site.</returns>
    public static Task<SimulatedSite> StartAsync(Action<SimulatedSiteBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = CreateBuilder();
        if (configure is null)
        {
            builder.AddStandardSite();
        }
        else
        {
            configure(builder);
        }

        return builder.StartAsync(cancellationToken);
    }

    /// <summary>Creates a builder that describes a site server by server.</summary>
    /// <returns>The builder.</returns>
    public static SimulatedSiteBuilder CreateBuilder() => new();

    /// <summary>Gets a server by its name.</summary>
    /// <param name="name">The display name, case-insensitive.</param>
    /// <returns>The server.</returns>
    public SimulatedServer GetServer(string name) =>
        Servers.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"The simulated site has no server named '{name}'. Its servers: {string.Join(", ", Servers.Select(s => s.Name))}.");

    /// <summary>Maps a URI of the site (main or public host name, any scheme) to the loopback endpoint to dial.</summary>
    /// <param name="uri">The URI, for example a recorder's <c>webServerUri</c>.</param>
    /// <returns>127.0.0.1 and the URI's port.</returns>
    public IPEndPoint ResolveEndPoint(Uri uri)
    {
        if (uri is null)
        {
            throw new ArgumentNullException(nameof(uri));
        }

        if (!HostMap.ContainsKey(uri.Host))
        {
            throw new KeyNotFoundException($"'{uri.Host}' is not a host of the simulated site. Its hosts: {string.Join(", ", HostMap.Keys)}.");
        }

        return new IPEndPoint(IPAddress.Loopback, uri.Port);
    }

    /// <summary>Stops every server: closes the listeners, ends every connection (hung ones included) and releases the ports.</summary>
    /// <returns>A task that completes when everything is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(_runtime, _http, Servers, _ownsAuthority).ConfigureAwait(false);
    }

    internal static async Task<SimulatedSite> StartAsync(SiteRuntime runtime, IReadOnlyList<SimulatedServerDefinition> definitions, bool ownsAuthority, CancellationToken cancellationToken)
    {
        var api = new SimulatedHttpApi(runtime);
        var http = new SiteHttpHost(api.HandleAsync);
        var servers = definitions.Select(d => new SimulatedServer(d, runtime)).ToArray();
        runtime.Servers = servers;
        try
        {
            await http.StartAsync(cancellationToken).ConfigureAwait(false);

            // Issue the certificates of encrypted servers now, so a certificate problem fails the start rather than the first handshake.
            foreach (var server in servers.Where(s => s.IsEncrypted))
            {
                _ = server.CertificateContext;
            }
            var recording = new RecordingServerProtocol(runtime, http);
            var httpOnly = new HttpOnlyProtocol(http);
            foreach (var server in servers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var definition = server.Definition;
                IConnectionProtocol protocol = definition.Role is ServerRole.RecordingServer or ServerRole.FailoverRecorder ? recording : httpOnly;
                if (definition.HasPlaintextCompanion && definition.Encrypted)
                {
                    Bind(server, isTls: false, definition.PlaintextPort, protocol, runtime);
                }

                Bind(server, definition.Encrypted, definition.Port, protocol, runtime);
                if (definition.Role == ServerRole.ManagementServer && definition.ApiGatewayHostName is { } gatewayHost)
                {
                    var gateway = new EndpointListener(server, definition.Encrypted, protocol, runtime, gatewayHost);
                    server.AddListener(gateway);
                    gateway.Bind(0);
                }

                if (definition.PublicHostName is not null && !definition.PublicAddressReachable)
                {
                    server.PublicPortReservation = ReserveRefusingPort();
                }

                foreach (var listener in server.Listeners)
                {
                    listener.ApplyFault(server.Fault);
                }
            }

            return new SimulatedSite(runtime, http, servers, ownsAuthority);
        }
        catch
        {
            await StopAsync(runtime, http, servers, ownsAuthority).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task StopAsync(SiteRuntime runtime, SiteHttpHost http, IEnumerable<SimulatedServer> servers, bool ownsAuthority)
    {
        runtime.Stop();
        foreach (var listener in servers.SelectMany(s => s.Listeners))
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var server in servers)
        {
            server.PublicPortReservation?.Dispose();
        }

        await http.DisposeAsync().ConfigureAwait(false);
        runtime.Dispose();
        if (ownsAuthority)
        {
            runtime.Authority.Dispose();
        }
    }

    private static void Bind(SimulatedServer server, bool isTls, int? port, IConnectionProtocol protocol, SiteRuntime runtime)
    {
        var listener = new EndpointListener(server, isTls, protocol, runtime);
        server.AddListener(listener);
        listener.Bind(port ?? 0);
    }

    private static IPEndPoint EndPointOf(Uri uri) => new(IPAddress.Loopback, uri.Port);

    // Bound without listening: a connection to it is refused at once, like a public address that is not reachable from inside.
    private static System.Net.Sockets.Socket ReserveRefusingPort()
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private SimulatedServer[] Of(ServerRole role) => Servers.Where(s => s.Role == role).ToArray();
}
