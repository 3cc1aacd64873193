using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Endpoints;
using MipSecure.Trust.Validation;

namespace MipSecure.Connections;

/// <summary>
/// Finds which TLS versions a server offers after a handshake failed before any certificate was seen: one short handshake
/// per version, newest first, each offering that version alone. A version this machine cannot offer sends no hello and is
/// reported as not tried. At most four connections, each within the caller's time limit.
/// </summary>
internal sealed class TlsVersionProbe
{
    // The numeric values, because the names of TLS 1.0 and 1.1 are obsolete and TLS 1.3 has no name on netstandard2.0.
    internal const SslProtocols Tls10 = (SslProtocols)0x00C0;
    internal const SslProtocols Tls11 = (SslProtocols)0x0300;
    internal const SslProtocols Tls12 = (SslProtocols)0x0C00;
    internal const SslProtocols Tls13 = (SslProtocols)0x3000;

    private static readonly SslProtocols[] Candidates = { Tls13, Tls12, Tls11, Tls10 };

    private readonly SocketDialer _dialer;
    private readonly ICertificateValidator _validator;
    private readonly SslProtocols _clientVersions;

    public TlsVersionProbe(SocketDialer dialer, ICertificateValidator validator, SslProtocols clientVersions)
    {
        _dialer = dialer ?? throw new ArgumentNullException(nameof(dialer));
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _clientVersions = clientVersions;
    }

    /// <summary>
    /// Tells whether a failed handshake may be a version mismatch, and no certificate was seen: the server answered with a
    /// protocol_version alert, or with a ServerHello the client then gave up on. Any other alert is another failure, and without
    /// the server's first bytes (the HTTP stack of netstandard2.0) nothing is asked.
    /// </summary>
    public static bool MayBeVersionMismatch(TlsHandshakeResult result) =>
        result.Stream is null && result.Report is null && !result.ClientCertificateRequested && result.Failure is not null
        && (result.Greeting == ServerGreeting.Tls || result.AlertDescription == ProtocolVersionAlert);

    /// <summary>The TLS alert a server sends when it offers none of the client's versions.</summary>
    internal const int ProtocolVersionAlert = 70;

    /// <summary>Names a version the way messages do, for example <c>TLS 1.2</c>.</summary>
    public static string Name(SslProtocols version) => version switch
    {
        Tls10 => "TLS 1.0",
        Tls11 => "TLS 1.1",
        Tls12 => "TLS 1.2",
        Tls13 => "TLS 1.3",
        _ => version.ToString(),
    };

    /// <summary>Names versions as a list, for example <c>TLS 1.3 and TLS 1.2</c>.</summary>
    public static string Names(IEnumerable<SslProtocols> versions)
    {
        var names = versions.Select(Name).ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names.Take(names.Count - 1)) + " and " + names[names.Count - 1];
    }

    /// <summary>Asks the server version by version; <paramref name="serverHelloVersion"/> is what an earlier ServerHello named, if any.</summary>
    public async Task<TlsVersionSupport?> ProbeAsync(XProtectEndpoint endpoint, int? serverHelloVersion, CancellationToken cancellationToken)
    {
        var offered = new List<SslProtocols>();
        var untried = new List<SslProtocols>();
        if (OldVersion(serverHelloVersion) is { } chosen)
        {
            // A ServerHello that names TLS 1.0 or 1.1 is the server's own choice: it offers nothing newer.
            offered.Add(chosen);
        }

        foreach (var version in Candidates.Where(v => !offered.Contains(v)))
        {
            Socket socket;
            try
            {
                socket = await _dialer.DialAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (MipSecureConnectionException)
            {
                // The server went away between the attempts: nothing can be concluded.
                return null;
            }

            var result = await TlsHandshake.RunAsync(new NetworkStream(socket, ownsSocket: true), endpoint, _validator, version, cancellationToken).ConfigureAwait(false);
            result.Stream?.Dispose();
            if (!result.ClientSentHello)
            {
                untried.Add(version);
            }
            else if (result.Stream is not null || result.Report is not null)
            {
                // The certificate only comes after the server accepted the version.
                offered.Add(version);
            }
            else if (OldVersion(result.ServerHelloVersion) is { } older && !offered.Contains(older))
            {
                // Asked for a newer version, the server answered with an older one: it offers that one.
                offered.Add(older);
            }
        }

        var client = (_clientVersions == SslProtocols.None ? Candidates : Candidates.Where(v => (_clientVersions & v) == v))
            .Where(v => !untried.Contains(v))
            .ToList();
        return new TlsVersionSupport(Order(offered), client, Order(untried));
    }

    private static List<SslProtocols> Order(IEnumerable<SslProtocols> versions) => Candidates.Where(versions.Contains).ToList();

    private static SslProtocols? OldVersion(int? wire) => wire switch
    {
        0x0301 => Tls10,
        0x0302 => Tls11,
        _ => null,
    };
}

/// <summary>The TLS versions a server offers, the ones this client offers, and the ones this machine could not try.</summary>
internal sealed class TlsVersionSupport
{
    public TlsVersionSupport(IReadOnlyList<SslProtocols> serverOffers, IReadOnlyList<SslProtocols> clientOffers, IReadOnlyList<SslProtocols> untried)
    {
        ServerOffers = serverOffers;
        ClientOffers = clientOffers;
        Untried = untried;
    }

    public IReadOnlyList<SslProtocols> ServerOffers { get; }

    public IReadOnlyList<SslProtocols> ClientOffers { get; }

    public IReadOnlyList<SslProtocols> Untried { get; }

    /// <summary>Gets whether the server offers versions, none of which this client offers.</summary>
    public bool IsMismatch => ServerOffers.Count > 0 && !ServerOffers.Intersect(ClientOffers).Any();

    /// <summary>Gets what the server offers in words, for example <c>the server offers TLS 1.2 only</c>.</summary>
    public string Describe()
    {
        var server = ServerOffers.Count == 1
            ? $"the server offers {TlsVersionProbe.Name(ServerOffers[0])} only"
            : $"the server offers {TlsVersionProbe.Names(ServerOffers)}";
        var client = ClientOffers.Count == 1
            ? $"this client offers {TlsVersionProbe.Name(ClientOffers[0])} only"
            : $"this client offers {TlsVersionProbe.Names(ClientOffers)}";
        var untried = Untried.Count == 0 ? string.Empty : $" ({TlsVersionProbe.Names(Untried)} cannot be offered from this machine, so were not tried)";
        return $"{server}, and {client}{untried}";
    }
}
