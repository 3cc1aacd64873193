using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>Sends writes in small chunks with a pause on the site's clock between them: a slow or congested link.</summary>
internal sealed class DripStream : DelegatingStream
{
    private readonly int _chunkSize;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _timeProvider;
    private DateTimeOffset? _due;

    public DripStream(Stream inner, int chunkSize, TimeSpan interval, TimeProvider timeProvider)
        : base(inner)
    {
        _chunkSize = chunkSize;
        _interval = interval;
        _timeProvider = timeProvider;
    }

    // Chunks are due on a fixed schedule from the first one: a clock moved forward before a wait starts still releases the chunk.
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (var offset = 0; offset < buffer.Length; offset += _chunkSize)
        {
            _due ??= _timeProvider.GetUtcNow();
            await ClockWait.UntilAsync(_timeProvider, _due.Value, cancellationToken).ConfigureAwait(false);

            _due += _interval;

            await Inner.WriteAsync(buffer.Slice(offset, Math.Min(_chunkSize, buffer.Length - offset)), cancellationToken).ConfigureAwait(false);
            await Inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
