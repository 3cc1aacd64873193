using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Login;

namespace MipSecure.ImageServer;

/// <summary>
/// An open ImageServer connection to one camera. Before each request it reads the VMS token from its source; a token other than the
/// one the connection last sent is sent first with <c>connectupdate</c>, as Milestone's TcpVideoViewer does after a renewal, so the
/// connection outlives the token it was opened with. One request runs at a time. Not retried: on a failure, dispose and open again.
/// </summary>
public sealed class ImageServerConnection : IAsyncDisposable, IDisposable
{
    private readonly Stream _stream;
    private readonly ImageServerSession _session;
    private readonly IVmsTokenSource _tokens;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private VmsToken _sent;
    private int _disposed;

    internal ImageServerConnection(Stream stream, ImageServerSession session, IVmsTokenSource tokens, VmsToken sent)
    {
        _stream = stream;
        _session = session;
        _tokens = tokens;
        _sent = sent;
    }

    /// <summary>Gets how many times the connection sent <c>connectupdate</c>.</summary>
    public int ConnectUpdates { get; private set; }

    /// <summary>Asks for the image recorded at <paramref name="time"/>, first sending a renewed token if there is one.</summary>
    /// <param name="time">The moment wanted.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The frame, or no recording at that time.</returns>
    /// <exception cref="ImageServerException">The recording server refused (for example the token expired without renewal).</exception>
    public async Task<FrameRetrieval> GoToAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(ImageServerConnection));
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _tokens.VmsToken;
            if (!string.Equals(current.Value, _sent.Value, StringComparison.Ordinal))
            {
                await _session.ConnectUpdateAsync(current, cancellationToken).ConfigureAwait(false);
                _sent = current;
                ConnectUpdates++;
            }

            return await _session.GoToAsync(time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stream.Dispose();
            _gate.Dispose();
        }
    }

    /// <summary>Closes the connection.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }
}
