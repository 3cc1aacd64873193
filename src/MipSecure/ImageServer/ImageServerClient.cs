using System;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;

namespace MipSecure.ImageServer;

/// <summary>
/// Retrieves images from recording servers over connections from <see cref="SecureConnector"/>: TLS when the recording
/// server's URI is https, with the certificate validated, and with transient faults (including 20001/4) retried.
/// </summary>
public sealed class ImageServerClient
{
    private readonly SecureConnector _connector;

    /// <summary>Creates a client.</summary>
    /// <param name="connector">The connector that opens validated connections.</param>
    public ImageServerClient(SecureConnector connector)
    {
        _connector = connector ?? throw new ArgumentNullException(nameof(connector));
    }

    /// <summary>Connects to <paramref name="recorder"/>, authorizes with <paramref name="token"/>, and fetches the image recorded at <paramref name="time"/>.</summary>
    /// <param name="recorder">The recording server (or failover recorder) holding the camera.</param>
    /// <param name="cameraId">The camera.</param>
    /// <param name="token">The login token; never logged.</param>
    /// <param name="time">The moment wanted.</param>
    /// <param name="cancellationToken">Cancels the retrieval at any point.</param>
    /// <returns>The frame.</returns>
    public Task<ImageFrame> GetFrameAsync(XProtectEndpoint recorder, Guid cameraId, string token, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        if (recorder is null)
        {
            throw new ArgumentNullException(nameof(recorder));
        }

        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        return _connector.ExecuteAsync(
            recorder,
            async (stream, ct) =>
            {
                var session = new ImageServerSession(stream, recorder);
                await session.ConnectAsync(cameraId, token, ct).ConfigureAwait(false);
                return await session.GoToAsync(time, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }
}
