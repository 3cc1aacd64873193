using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Connections;

/// <summary>
/// Passes bytes through and remembers the first bytes the server sent, so a failed handshake can be told apart:
/// a TLS record starts with 0x16 (handshake) or 0x15 (alert); anything else is a server answering in plaintext.
/// The first record's head also says which alert the server sent, or which version its ServerHello chose.
/// </summary>
internal sealed class HandshakeObservingStream : Stream
{
    private const byte TlsHandshakeRecord = 0x16;
    private const byte TlsAlertRecord = 0x15;

    // Record header (5) + handshake header (4) + ServerHello version (2); an alert's description is at offset 6.
    private const int HeadLength = 11;

    private readonly Stream _inner;
    private readonly byte[] _head = new byte[HeadLength];
    private int _headLength;
    private int _firstByte = -1;
    private bool _wrote;

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

    /// <summary>Gets whether the client sent anything (its hello); a client that cannot offer a version sends nothing.</summary>
    public bool Wrote => _wrote;

    /// <summary>Gets the alert description of a first record that is a TLS alert (70 is protocol_version).</summary>
    public int? AlertDescription => Greeting == ServerGreeting.TlsAlert && _headLength >= 7 ? _head[6] : null;

    /// <summary>Gets the protocol version of a first record that is a ServerHello (0x0301 TLS 1.0 ... 0x0303 TLS 1.2 or 1.3).</summary>
    public int? ServerHelloVersion => Greeting == ServerGreeting.Tls && _headLength >= HeadLength && _head[5] == 0x02
        ? (_head[9] << 8) | _head[10]
        : null;

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
        Remember(buffer.Span.Slice(0, read));
        return read;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _wrote |= buffer.Length > 0;
        return _inner.WriteAsync(buffer, cancellationToken);
    }
#endif

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        _wrote |= count > 0;
        _inner.Write(buffer, offset, count);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        _wrote |= count > 0;
        return _inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

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

        var take = Math.Min(read, HeadLength - _headLength);
        if (take > 0)
        {
            Buffer.BlockCopy(buffer, offset, _head, _headLength, take);
            _headLength += take;
        }

        return read;
    }

#if NET
    private void Remember(ReadOnlySpan<byte> read)
    {
        if (read.Length > 0 && _firstByte < 0)
        {
            _firstByte = read[0];
        }

        var take = Math.Min(read.Length, HeadLength - _headLength);
        if (take > 0)
        {
            read.Slice(0, take).CopyTo(_head.AsSpan(_headLength));
            _headLength += take;
        }
    }
#endif
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
