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

    public DripStream(Stream inner, int chunkSize, TimeSpan interval, TimeProvider timeProvider)
        : base(inner)
    {
        _chunkSize = chunkSize;
        _interval = interval;
        _timeProvider = timeProvider;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        for (var offset = 0; offset < buffer.Length; offset += _chunkSize)
        {
            if (offset > 0)
            {
                await Task.Delay(_interval, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            await Inner.WriteAsync(buffer.Slice(offset, Math.Min(_chunkSize, buffer.Length - offset)), cancellationToken).ConfigureAwait(false);
            await Inner.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
