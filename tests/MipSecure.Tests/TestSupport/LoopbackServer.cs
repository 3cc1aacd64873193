using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Tests.TestSupport;

/// <summary>A real TCP server on 127.0.0.1 with an ephemeral port; each accepted connection runs <c>handler</c>.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<Stream, CancellationToken, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<TcpClient> _clients = new();
    private readonly ConcurrentBag<Task> _handlers = new();
    private readonly Task _acceptLoop;
    private readonly Channel _accepted = new();
    private int _acceptedCount;

    private LoopbackServer(Func<Stream, CancellationToken, Task> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Address => "127.0.0.1:" + Port;

    public int AcceptedCount => Volatile.Read(ref _acceptedCount);

    /// <summary>Completes when the next connection (counting from the call) is accepted.</summary>
    public Task NextConnection => _accepted.Next;

    /// <summary>Completes once <paramref name="count"/> connections have been accepted in total.</summary>
    /// <exception cref="TimeoutException">No connection arrived for <see cref="SignallingClock.StallLimit"/> of real time.</exception>
    public async Task WaitForConnectionsAsync(int count)
    {
        for (var round = 0; round < 10_000 && AcceptedCount < count; round++)
        {
            var next = NextConnection;
            if (AcceptedCount >= count)
            {
                return;
            }

            await next.WaitAsync(SignallingClock.StallLimit);
        }
    }

    public static LoopbackServer Plaintext(Func<Stream, CancellationToken, Task> handler) => new(handler);

    /// <param name="certificate">The server certificate.</param>
    /// <param name="intermediates">The intermediates sent with it.</param>
    /// <param name="handler">Runs on each authenticated stream.</param>
    /// <param name="protocols">The TLS versions the server offers; <see cref="SslProtocols.None"/> for the system's.</param>
    /// <param name="beforeHandshake">Awaited after a connection is accepted and before the handshake starts.</param>
    public static LoopbackServer Tls(
        X509Certificate2 certificate,
        X509Certificate2[] intermediates,
        Func<Stream, CancellationToken, Task> handler,
        SslProtocols protocols = SslProtocols.None,
        Func<Task>? beforeHandshake = null)
    {
        var context = SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(intermediates), offline: true);
        return new LoopbackServer(async (network, token) =>
        {
            if (beforeHandshake is not null)
            {
                await beforeHandshake().WaitAsync(SignallingClock.StallLimit, token);
            }

            await using var ssl = new SslStream(network, leaveInnerStreamOpen: false);
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context, EnabledSslProtocols = protocols }, token);
            }
            catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                // The client refused the certificate or went away: that is what many tests expect.
                return;
            }

            await handler(ssl, token);
        });
    }

    /// <summary>Accepts, reads whatever comes, and never answers.</summary>
    public static LoopbackServer Hanging() => new(async (stream, token) =>
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, token) > 0)
        {
        }
    });

    /// <summary>Accepts and closes at once.</summary>
    public static LoopbackServer Closing() => new((_, _) => Task.CompletedTask);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        foreach (var handler in _handlers)
        {
            try
            {
                await handler;
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _clients.Add(client);
            Interlocked.Increment(ref _acceptedCount);
            _accepted.Signal();
            _handlers.Add(Task.Run(async () =>
            {
                using (client)
                {
                    await _handler(client.GetStream(), _stop.Token);
                }
            }));
        }
    }

    /// <summary>An awaitable "a connection arrived" signal that re-arms itself.</summary>
    private sealed class Channel
    {
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Next => Volatile.Read(ref _next).Task;

        public void Signal() => Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }
}
