using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Security;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Testing.Simulation.Transport;
using MipSecure.Trust;

namespace MipSecure.Testing.Simulation;

/// <summary>A running server of a simulated site: its URIs, certificate and fault, changeable while it runs.</summary>
public sealed class SimulatedServer
{
    private readonly SiteRuntime _runtime;
    private readonly List<EndpointListener> _listeners = new();
    private Lazy<IssuedServerCertificate> _certificate;
    private Lazy<SslStreamCertificateContext> _certificateContext;
    private readonly List<(int Target, TaskCompletionSource Signal)> _connectionWaiters = new();
    private ServerFault _fault;
    private int _failedConnections;
    private int _acceptedConnections;

    internal SimulatedServer(SimulatedServerDefinition definition, SiteRuntime runtime)
    {
        Definition = definition;
        _runtime = runtime;
        Id = definition.Id == Guid.Empty ? Guid.NewGuid() : definition.Id;
        _fault = definition.Fault;
        _certificate = new Lazy<IssuedServerCertificate>(() => definition.Certificate ?? runtime.IssueCertificate(definition.CertificateProfile, CertificateHostNames()));
        _certificateContext = ContextFor(_certificate);
    }

    /// <summary>Gets the definition the server was started from.</summary>
    public SimulatedServerDefinition Definition { get; }

    /// <summary>Gets the server's role.</summary>
    public ServerRole Role => Definition.Role;

    /// <summary>Gets the display name.</summary>
    public string Name => Definition.Name;

    /// <summary>Gets the host name clients dial.</summary>
    public string HostName => Definition.HostName;

    /// <summary>Gets the server's id (the REST API's <c>id</c>).</summary>
    public Guid Id { get; }

    /// <summary>Gets whether encryption is on.</summary>
    public bool IsEncrypted => Definition.Encrypted;

    /// <summary>Gets every listening endpoint of the server.</summary>
    public IReadOnlyList<SimulatedEndpoint> Endpoints => _listeners.Select(l => l.Endpoint!).ToArray();

    /// <summary>Gets the server's URI as the configuration publishes it: https when encryption is on, http otherwise (the <c>webServerUri</c> of a recorder).</summary>
    public Uri Uri => (HttpsEndpoint ?? HttpEndpoint ?? throw new InvalidOperationException("The server has no endpoint.")).Uri;

    /// <summary>Gets the TLS endpoint, or <see langword="null"/> when encryption is off.</summary>
    public SimulatedEndpoint? HttpsEndpoint => _listeners.Select(l => l.Endpoint).FirstOrDefault(e => e is { IsTls: true, IsApiGateway: false });

    /// <summary>Gets the plaintext endpoint: the only one of an unencrypted server, the HTTP companion of an encrypted management or mobile server.</summary>
    public SimulatedEndpoint? HttpEndpoint => _listeners.Select(l => l.Endpoint).FirstOrDefault(e => e is { IsTls: false, IsApiGateway: false });

    /// <summary>Gets the API gateway's endpoint of a management server whose gateway runs on another host (<see cref="SimulatedServerDefinition.ApiGatewayHostName"/>).</summary>
    public SimulatedEndpoint? ApiGatewayEndpoint => _listeners.Select(l => l.Endpoint).FirstOrDefault(e => e is { IsApiGateway: true });

    /// <summary>Gets the public URI (public access), or <see langword="null"/> when the definition has no public host name.</summary>
    public Uri? PublicUri => Definition.PublicHostName is null
        ? null
        : new UriBuilder(Uri) { Host = Definition.PublicHostName, Port = UnreachablePublicPort ?? Uri.Port }.Uri;

    /// <summary>Gets the URI clients are told to use: the public one when public access is on (the <c>activeWebServerUri</c>).</summary>
    public Uri ActiveUri => PublicUri ?? Uri;

    /// <summary>Gets the loopback port, bound but never listening, that an unreachable public address points to.</summary>
    internal int? UnreachablePublicPort => PublicPortReservation?.LocalEndPoint is System.Net.IPEndPoint bound ? bound.Port : null;

    internal System.Net.Sockets.Socket? PublicPortReservation { get; set; }

    /// <summary>
    /// Gets or sets the certificate the server presents on TLS, with its intermediates. Issued when first needed; a new one
    /// (a renewal, a broken replacement) applies to handshakes from then on, while the server keeps running.
    /// </summary>
    public IssuedServerCertificate Certificate
    {
        get => Volatile.Read(ref _certificate).Value;
        set
        {
            if (value is null)
            {
                throw new ArgumentNullException(nameof(value));
            }

            var certificate = new Lazy<IssuedServerCertificate>(() => value);
            Volatile.Write(ref _certificateContext, ContextFor(certificate));
            Volatile.Write(ref _certificate, certificate);
        }
    }

    /// <summary>Gets how many TCP connections the server has accepted.</summary>
    public int AcceptedConnections => Volatile.Read(ref _acceptedConnections);

    /// <summary>Gets or sets the injected fault. A change applies to connections and requests from then on.</summary>
    public ServerFault Fault
    {
        get => Volatile.Read(ref _fault);
        set
        {
            var fault = value ?? ServerFault.None;
            Interlocked.Exchange(ref _failedConnections, 0);
            Volatile.Write(ref _fault, fault);
            foreach (var listener in _listeners)
            {
                listener.ApplyFault(fault);
            }
        }
    }

    /// <summary>Gets the mobile server's sessions by connection id; the value says whether the session logged in.</summary>
    internal ConcurrentDictionary<string, bool> MobileSessions { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal SslStreamCertificateContext CertificateContext => Volatile.Read(ref _certificateContext).Value;

    internal IReadOnlyList<string> CertificateHostNames()
    {
        var names = new List<string> { HostName };
        if (Definition.PublicHostName is { } publicHost && Definition.CertificateNamesPublicHost)
        {
            names.Add(publicHost);
        }

        if (Definition.ApiGatewayHostName is { } gateway)
        {
            names.Add(gateway);
        }

        return names;
    }

    internal void AddListener(EndpointListener listener) => _listeners.Add(listener);

    internal IReadOnlyList<EndpointListener> Listeners => _listeners;

    /// <summary>Completes once the server has accepted <paramref name="count"/> connections in total: an awaitable signal for tests.</summary>
    /// <param name="count">The total to wait for.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>A task that completes when the count is reached.</returns>
    public Task WaitForConnectionsAsync(int count, CancellationToken cancellationToken = default)
    {
        lock (_connectionWaiters)
        {
            if (_acceptedConnections >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connectionWaiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    internal void CountConnection()
    {
        lock (_connectionWaiters)
        {
            var count = Interlocked.Increment(ref _acceptedConnections);
            foreach (var waiter in _connectionWaiters.Where(w => w.Target <= count).ToList())
            {
                waiter.Signal.TrySetResult();
                _connectionWaiters.Remove(waiter);
            }
        }
    }

    /// <summary>Picks the fault for a newly accepted connection, counting down a fail-first fault.</summary>
    internal ServerFault NextConnectionFault()
    {
        var fault = Fault;
        if (fault.Kind != ServerFaultKind.FailFirstConnections)
        {
            return fault;
        }

        return Interlocked.Increment(ref _failedConnections) <= fault.ConnectionCount ? fault.Inner! : ServerFault.None;
    }

    /// <summary>Gets the cameras of a recording server or failover recorder.</summary>
    public IReadOnlyList<SimulatedCamera> Cameras => Definition.Cameras ?? (Role is ServerRole.RecordingServer or ServerRole.FailoverRecorder
        ? new[] { SimulatedCamera.DefaultFor(Name) }
        : Array.Empty<SimulatedCamera>());

    /// <summary>
    /// Checks a token at this server, applying its token faults: the management server takes access tokens, every other server
    /// only VMS tokens (recording servers, failover recorders and the event server take the token of ServerCommandService Login).
    /// </summary>
    internal TokenStatus CheckToken(string? token)
    {
        var status = Role == ServerRole.ManagementServer ? _runtime.Tokens.CheckAccessToken(token) : _runtime.Tokens.CheckVmsToken(token);
        return status == TokenStatus.Valid && Role != ServerRole.ManagementServer && Fault.Kind == ServerFaultKind.ExpireTokensEarly
            ? TokenStatus.Expired
            : status;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Role} '{Name}' {Uri}";

    private static Lazy<SslStreamCertificateContext> ContextFor(Lazy<IssuedServerCertificate> certificate) => new(() =>
    {
        var issued = certificate.Value;
        var intermediates = new System.Security.Cryptography.X509Certificates.X509Certificate2Collection();
        foreach (var intermediate in issued.Intermediates)
        {
            intermediates.Add(intermediate);
        }

        return SslStreamCertificateContext.Create(issued.Certificate, intermediates, offline: true);
    });
}
