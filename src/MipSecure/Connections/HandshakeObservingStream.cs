using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Connections;

/// <summary>
/// Passes bytes through and remembers the first byte the server sent, so a failed handshake can be told apart:
/// a TLS record starts with 0x16 (handshake) or 0x15 (alert); anything else is a server answering in plaintext.
/// </summary>
internal sealed class HandshakeObservingStream : Stream
{
    private const byte TlsHandshakeRecord = 0x16;
    private const byte TlsAlertRecord = 0x15;

    private readonly Stream _inner;
    private int _firstByte = -1;

    public HandshakeObservingStream(Stream inner)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    }

    /// <summary>Gets what the server's first byte says about it.</summary>
    public ServerGreeting Greeting => _firstByte switch
    {
        -1 => ServerGreeting.Nothing,
        TlsHandshakeRecord => ServerGreeting.Tls,
        TlsAlertRecord => ServerGreeting.TlsAlert,
        _ => ServerGreeting.Plaintext,
    };

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => Observe(buffer, offset, _inner.Read(buffer, offset, count));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Observe(buffer, offset, await _inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false));

#if NET
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (read > 0 && _firstByte < 0)
        {
            _firstByte = buffer.Span[0];
        }

        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);
#endif

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Observe(byte[] buffer, int offset, int read)
    {
        if (read > 0 && _firstByte < 0)
        {
            _firstByte = buffer[offset];
        }

        return read;
    }
}

/// <summary>What the server sent first during a TLS handshake.</summary>
internal enum ServerGreeting
{
    /// <summary>Nothing: it closed, reset or stayed silent.</summary>
    Nothing,

    /// <summary>A TLS handshake record.</summary>
    Tls,

    /// <summary>A TLS alert: it speaks TLS but refused the handshake.</summary>
    TlsAlert,

    /// <summary>Bytes that are not TLS: a plaintext protocol.</summary>
    Plaintext,
}
