using System;
using System.Collections.Concurrent;
using MipSecure.Connections;
using MipSecure.Trust.Validation;

namespace MipSecure.Http;

/// <summary>
/// Remembers, per host, the last certificate report and what the server sent first, so that an
/// <see cref="System.Net.Http.HttpRequestException"/> from a failed handshake can be turned into the real MIPSEC finding.
/// </summary>
internal sealed class HandshakeLedger
{
    private readonly ConcurrentDictionary<string, TrustReport> _reports = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HandshakeObservingStream> _observers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _ports = new(StringComparer.OrdinalIgnoreCase);

    public void Connected(string host, int port, HandshakeObservingStream observer)
    {
        _observers[host] = observer;
        _ports[host] = port;
    }

    public void Validated(string host, TrustReport report) => _reports[host] = report;

    public int? PortOf(string host) => _ports.TryGetValue(host, out var port) ? port : null;

    public TrustReport? LastReport(string host) => _reports.TryGetValue(host, out var report) ? report : null;

    public ServerGreeting LastGreeting(string host) => _observers.TryGetValue(host, out var observer) ? observer.Greeting : ServerGreeting.Nothing;

    public void Forget(string host)
    {
        _reports.TryRemove(host, out _);
        _observers.TryRemove(host, out _);
    }
}
