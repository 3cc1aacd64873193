using System;
using System.Net;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Connections;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>
/// Kestrel's transport for the simulated site: it binds no socket. The site's own listeners accept, inject faults and do
/// TLS, then offer each connection here, so every server gets identical TLS and fault behaviour whatever its protocol.
/// </summary>
internal sealed class StreamConnectionListener : IConnectionListenerFactory, IConnectionListener
{
    private readonly Channel<StreamConnectionContext> _pending = Channel.CreateUnbounded<StreamConnectionContext>(new UnboundedChannelOptions { SingleReader = true });

    public EndPoint EndPoint { get; private set; } = new IPEndPoint(IPAddress.Loopback, 0);

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default)
    {
        EndPoint = endpoint;
        return new ValueTask<IConnectionListener>(this);
    }

    /// <summary>Hands a connection to Kestrel; false when Kestrel is no longer accepting.</summary>
    public bool Offer(StreamConnectionContext connection) => _pending.Writer.TryWrite(connection);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (await _pending.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false) && _pending.Reader.TryRead(out var connection))
            {
                return connection;
            }
        }
        catch (OperationCanceledException)
        {
            // Kestrel stops accepting by cancelling; null tells it the listener is done.
        }

        return null;
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _pending.Writer.TryComplete();
        return default;
    }

    public ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        while (_pending.Reader.TryRead(out var connection))
        {
            connection.Close();
        }

        return default;
    }
}
