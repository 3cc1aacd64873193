using System;
using System.Collections.Concurrent;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Trust.Validation;

namespace MipSecure.Http;

/// <summary>
/// Remembers, per server (<c>host:port</c>), the last certificate report and what the server sent first, so that an
/// <see cref="System.Net.Http.HttpRequestException"/> from a failed handshake can be turned into the real MIPSEC finding.
/// Two ports of one host are two servers: their evidence never mixes.
/// </summary>
internal sealed class HandshakeLedger
{
    private readonly ConcurrentDictionary<string, TrustReport> _reports = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HandshakeObservingStream> _observers = new(StringComparer.OrdinalIgnoreCase);

    public void Connected(XProtectEndpoint server, HandshakeObservingStream observer) => _observers[server.ServerKey] = observer;

    public void Validated(XProtectEndpoint server, TrustReport report) => _reports[server.ServerKey] = report;

    /// <summary>Takes (and forgets) the evidence of the last connection to <paramref name="server"/>.</summary>
    public TlsHandshakeResult Take(XProtectEndpoint server, Exception failure)
    {
        _reports.TryRemove(server.ServerKey, out var report);
        _observers.TryRemove(server.ServerKey, out var observer);
        return new TlsHandshakeResult(null, report, observer?.Greeting ?? ServerGreeting.Nothing, failure)
        {
            AlertDescription = observer?.AlertDescription,
            ServerHelloVersion = observer?.ServerHelloVersion,
        };
    }
}
