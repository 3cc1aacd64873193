using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Robustness.Tests;

/// <summary>
/// A raw TCP server on 127.0.0.1 (ephemeral port) that answers every connection with a fixed script of bytes and records
/// the first bytes each client sent, so a test can prove that no client spoke plaintext to it.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private const int RecordedBytes = 512;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<byte[]> _received = new();
    private readonly TaskCompletionSource _firstRecorded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentBag<Task> _connections = new();
    private readonly Func<Stream, CancellationToken, Task> _script;
    private readonly Task _acceptLoop;

    private readonly bool _bannerFirst;

    private ScriptedServer(Func<Stream, CancellationToken, Task> script, bool bannerFirst)
    {
        _script = script;
        _bannerFirst = bannerFirst;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Gets the first bytes (up to 512) of every connection, in arrival order.</summary>
    public IReadOnlyCollection<byte[]> Received => _received;

    /// <summary>
    /// Completes once the first connection's bytes are recorded. The client can finish (for example, refuse a banner and
    /// close) before the server has read what it sent, so a test waits for this rather than reading <see cref="Received"/> at once.
    /// </summary>
    /// <exception cref="TimeoutException">Nothing was recorded within 30 seconds.</exception>
    public Task FirstBytesRecorded => _firstRecorded.Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Reads the client's first bytes, then writes <paramref name="answer"/> and closes.</summary>
    public static ScriptedServer AnswerAfterFirstRead(byte[] answer) =>
        new(async (stream, token) => await stream.WriteAsync(answer, token).ConfigureAwait(false), bannerFirst: false);

    /// <summary>Writes <paramref name="banner"/> as soon as the connection is accepted, before the client says anything.</summary>
    public static ScriptedServer BannerFirst(byte[] banner) =>
        new(async (stream, token) => await stream.WriteAsync(banner, token).ConfigureAwait(false), bannerFirst: true);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await SwallowAsync(_acceptLoop).ConfigureAwait(false);
        foreach (var connection in _connections)
        {
            await SwallowAsync(connection).ConfigureAwait(false);
        }

        _stop.Dispose();
    }

    private static async Task SwallowAsync(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            // The server is stopping or the client left.
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            limit.CancelAfter(TimeSpan.FromSeconds(30));
            if (_bannerFirst)
            {
                await _script(stream, limit.Token).ConfigureAwait(false);
                await RecordFirstBytesAsync(stream, limit.Token).ConfigureAwait(false);
            }
            else
            {
                await RecordFirstBytesAsync(stream, limit.Token).ConfigureAwait(false);
                await _script(stream, limit.Token).ConfigureAwait(false);
            }

            client.Client.Shutdown(SocketShutdown.Send);

            // Drain until the client closes, so it reads the whole answer rather than a reset.
            var buffer = new byte[4096];
            while (await stream.ReadAsync(buffer, limit.Token).ConfigureAwait(false) > 0)
            {
            }
        }
    }

    private async Task RecordFirstBytesAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[RecordedBytes];
        var read = 0;
        try
        {
            read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The client reset the connection (it refused the banner) before its bytes were read: nothing it sent is known.
        }

        _received.Enqueue(buffer.AsSpan(0, read).ToArray());
        _firstRecorded.TrySetResult();
    }
}
