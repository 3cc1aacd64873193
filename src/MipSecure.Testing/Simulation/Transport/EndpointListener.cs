using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>
/// The listening socket of one simulated endpoint. It accepts, applies the server's connection fault, does TLS when the
/// endpoint is encrypted, and hands the stream to the protocol. Every connection ends when the site is disposed.
/// </summary>
internal sealed class EndpointListener : IAsyncDisposable
{
    // A hung handshake stalls after this many bytes of the server's first flight: inside the ServerHello.
    private const int HandshakeStallBytes = 48;
    private const int MaxTlsRecordLength = 16384 + 2048;

    private static readonly byte[] HandshakeFailureAlert = { 0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28 };

    private readonly SimulatedServer _server;
    private readonly IConnectionProtocol _protocol;
    private readonly SiteRuntime _runtime;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<long, (Socket Socket, Task Task)> _connections = new();
    private readonly bool _isTls;
    private TcpListener? _listener;
    private Socket? _reservation;
    private Task _acceptLoop = Task.CompletedTask;
    private long _nextConnectionId;
    private bool _disposed;

    private readonly string? _hostName;

    public EndpointListener(SimulatedServer server, bool isTls, IConnectionProtocol protocol, SiteRuntime runtime, string? hostName = null)
    {
        _hostName = hostName;
        _server = server;
        _isTls = isTls;
        _protocol = protocol;
        _runtime = runtime;
    }

    public SimulatedEndpoint? Endpoint { get; private set; }

    /// <summary>Binds 127.0.0.1 on <paramref name="port"/> (0 = ephemeral) and starts accepting unless the server refuses connections.</summary>
    public SimulatedEndpoint Bind(int port)
    {
        var listener = CreateListener(port);
        var boundPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        Endpoint = new SimulatedEndpoint(_server, _isTls, boundPort, _hostName);
        lock (_gate)
        {
            _listener = listener;
            _acceptLoop = AcceptLoopAsync(listener);
        }

        return Endpoint;
    }

    /// <summary>Closes or reopens the listening socket as the fault requires.</summary>
    public void ApplyFault(ServerFault fault)
    {
        lock (_gate)
        {
            if (_disposed || Endpoint is null)
            {
                return;
            }

            if (fault.Kind == ServerFaultKind.RefuseConnections)
            {
                _listener?.Stop();
                _listener = null;
                _reservation ??= Reserve(Endpoint.Port);
            }
            else if (_listener is null)
            {
                _reservation?.Dispose();
                _reservation = null;
                var listener = CreateListener(Endpoint.Port);
                _listener = listener;
                _acceptLoop = AcceptLoopAsync(listener);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task acceptLoop;
        lock (_gate)
        {
            _disposed = true;
            _listener?.Stop();
            _listener = null;
            _reservation?.Dispose();
            _reservation = null;
            acceptLoop = _acceptLoop;
        }

        await acceptLoop.ConfigureAwait(false);
        foreach (var connection in _connections.Values)
        {
            Reset(connection.Socket);
        }

        foreach (var connection in _connections.Values)
        {
            await connection.Task.ConfigureAwait(false);
        }
    }

    private static TcpListener CreateListener(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            listener.Start(backlog: 128);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            listener.Stop();
            throw new InvalidOperationException($"Port {port} on 127.0.0.1 is already in use. Choose another fixed port, or leave the port unset for an ephemeral one.", e);
        }

        return listener;
    }

    /// <summary>
    /// Keeps a refusing port bound without listening: connections are still refused, but no other listener and no
    /// self-connecting client socket can take the port while the server is meant to be down.
    /// </summary>
    private static Socket? Reserve(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return socket;
        }
        catch (SocketException)
        {
            // The port still refuses; it is merely unguarded.
            socket.Dispose();
            return null;
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(_runtime.Stopping).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException or InvalidOperationException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            _server.CountConnection();
            var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var task = ServeAfterRegistrationAsync(socket, id, ready.Task);
            _connections[id] = (socket, task);
            ready.SetResult();
        }
    }

    private async Task ServeAfterRegistrationAsync(Socket socket, long id, Task registered)
    {
        await registered.ConfigureAwait(false);
        try
        {
            await ServeConnectionAsync(socket).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(id, out _);
            socket.Dispose();
        }
    }

    private async Task ServeConnectionAsync(Socket socket)
    {
        var cancellationToken = _runtime.Stopping;
        var fault = _server.NextConnectionFault();
        Stream stream;
        try
        {
            // The site may have been disposed, and this socket reset, before this connection got its turn.
            socket.NoDelay = true;
            stream = new NetworkStream(socket, ownsSocket: false);
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException or IOException)
        {
            return;
        }

        try
        {
            var useTls = _isTls;
            switch (fault.Kind)
            {
                case ServerFaultKind.RefuseConnections:
                    Reset(socket);
                    return;
                case ServerFaultKind.AcceptThenHang:
                    await DrainUntilClosedAsync(stream, cancellationToken).ConfigureAwait(false);
                    return;
                case ServerFaultKind.TlsAlert:
                    await SendTlsAlertAsync(socket, stream, cancellationToken).ConfigureAwait(false);
                    return;
                case ServerFaultKind.HangMidHandshake when !useTls:
                    await DrainUntilClosedAsync(stream, cancellationToken).ConfigureAwait(false);
                    return;
                case ServerFaultKind.HangMidHandshake:
                    stream = new ByteBudgetStream(stream, HandshakeStallBytes, WaitUntilStoppedAsync);
                    break;
                case ServerFaultKind.ResetAfterBytes when fault.ByteCount == 0:
                    Reset(socket);
                    return;
                case ServerFaultKind.ResetAfterBytes:
                    stream = new ByteBudgetStream(stream, fault.ByteCount, _ =>
                    {
                        Reset(socket);
                        return Task.CompletedTask;
                    });
                    break;
                case ServerFaultKind.DripBytes:
                    stream = new DripStream(stream, fault.ByteCount, fault.Delay, _runtime.TimeProvider);
                    break;
                case ServerFaultKind.WrongProtocol:
                    useTls = !useTls;
                    break;
            }

            if (useTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                var options = new SslServerAuthenticationOptions
                {
                    ServerCertificateContext = _server.CertificateContext,
                    ClientCertificateRequired = false,
                    EnabledSslProtocols = _server.Definition.TlsProtocols,
                };
                await tls.AuthenticateAsServerAsync(options, cancellationToken).ConfigureAwait(false);
            }

            var connection = new SimulatedConnection(_server, Endpoint!, useTls, socket.LocalEndPoint, socket.RemoteEndPoint);
            await _protocol.ServeAsync(stream, connection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
            // The client left, the handshake failed, a fault cut the connection, or the site is stopping: the connection just ends.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task WaitUntilStoppedAsync(CancellationToken cancellationToken)
    {
        // No timer: an infinite delay only waits for the cancellation, which comes when the site is disposed.
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
    }

    private static async Task DrainUntilClosedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
        {
            // Swallow whatever the client sends; never answer.
        }
    }

    private static async Task SendTlsAlertAsync(Socket socket, Stream stream, CancellationToken cancellationToken)
    {
        // Read the client's first record in full, so closing does not reset the connection before the alert is read.
        var header = new byte[5];
        await stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        var length = (header[3] << 8) | header[4];
        if (length > 0 && length <= MaxTlsRecordLength)
        {
            await stream.ReadExactlyAsync(new byte[length], cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(HandshakeFailureAlert, cancellationToken).ConfigureAwait(false);
        socket.Shutdown(SocketShutdown.Send);
        await DrainUntilClosedAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}
