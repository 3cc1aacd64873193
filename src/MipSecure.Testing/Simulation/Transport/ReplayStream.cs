using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>Gives back bytes already read to sniff the protocol, then reads on from the inner stream.</summary>
internal sealed class ReplayStream : DelegatingStream
{
    private ReadOnlyMemory<byte> _pending;

    public ReplayStream(Stream inner, ReadOnlyMemory<byte> alreadyRead)
        : base(inner)
    {
        _pending = alreadyRead;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_pending.IsEmpty)
        {
            return Inner.ReadAsync(buffer, cancellationToken);
        }

        var count = Math.Min(buffer.Length, _pending.Length);
        _pending.Span[..count].CopyTo(buffer.Span);
        _pending = _pending[count..];
        return new ValueTask<int>(count);
    }
}
