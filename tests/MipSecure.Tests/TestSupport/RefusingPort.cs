using System;
using System.Net;
using System.Net.Sockets;

namespace MipSecure.Tests.TestSupport;

/// <summary>
/// A loopback port that refuses every connection: its socket is bound but never listens. Holding the port until disposal
/// keeps other listeners (of this or a parallel test process) and self-connecting client sockets off it, so a test that
/// expects "connection refused" never meets a server that accepts and hangs instead.
/// </summary>
internal sealed class RefusingPort : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public RefusingPort()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>Gets the address override value: <c>127.0.0.1:port</c>.</summary>
    public string Address => "127.0.0.1:" + Port;

    public void Dispose() => _socket.Dispose();
}
