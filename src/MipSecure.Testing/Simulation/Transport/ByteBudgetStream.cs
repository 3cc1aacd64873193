using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>
/// Lets a fixed number of written bytes through, then calls <c>onExhausted</c> and stops: the fault decides whether that
/// means a reset (the socket is aborted) or a stall (the write waits until the connection ends).
/// </summary>
internal sealed class ByteBudgetStream : DelegatingStream
{
    private readonly Func<CancellationToken, Task> _onExhausted;
    private long _remaining;

    public ByteBudgetStream(Stream inner, long budget, Func<CancellationToken, Task> onExhausted)
        : base(inner)
    {
        _remaining = budget;
        _onExhausted = onExhausted;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var allowed = (int)Math.Min(buffer.Length, Math.Max(0, _remaining));
        if (allowed > 0)
        {
            await Inner.WriteAsync(buffer[..allowed], cancellationToken).ConfigureAwait(false);
            await Inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            _remaining -= allowed;
        }

        if (allowed < buffer.Length)
        {
            await _onExhausted(cancellationToken).ConfigureAwait(false);
            throw new IOException("The simulated server cut the connection (fault injection).");
        }
    }
}
