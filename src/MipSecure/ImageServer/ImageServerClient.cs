using System;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Login;

namespace MipSecure.ImageServer;

/// <summary>
/// Retrieves images from recording servers over connections from <see cref="SecureConnector"/>: TLS when the recording
/// server's URI is https, with the certificate validated, and with transient faults (including a busy refusal) retried.
/// Recording servers accept only the VMS token from ServerCommandService <c>Login</c>: pass a <see cref="LoginSession"/> or a
/// <see cref="VmsToken"/>; the identity provider's access token does not compile here.
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

    /// <summary>Connects to <paramref name="recorder"/>, authorizes with the VMS token, and fetches the image recorded at <paramref name="time"/>.</summary>
    /// <param name="recorder">The recording server (or failover recorder) holding the camera.</param>
    /// <param name="cameraId">The camera.</param>
    /// <param name="tokens">The VMS token, or the <see cref="LoginSession"/> that holds it; never logged.</param>
    /// <param name="time">The moment wanted.</param>
    /// <param name="cancellationToken">Cancels the retrieval at any point.</param>
    /// <returns>The frame, or no recording at that time.</returns>
    /// <exception cref="ImageServerException">The recording server refused; the code says whether the token, the camera or a permission is the cause.</exception>
    public Task<FrameRetrieval> GetFrameAsync(XProtectEndpoint recorder, Guid cameraId, IVmsTokenSource tokens, DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        if (recorder is null)
        {
            throw new ArgumentNullException(nameof(recorder));
        }

        if (tokens is null)
        {
            throw new ArgumentNullException(nameof(tokens));
        }

        return _connector.ExecuteAsync(
            recorder,
            async (stream, ct) =>
            {
                var session = new ImageServerSession(stream, recorder);
                await session.ConnectAsync(cameraId, tokens.VmsToken, ct).ConfigureAwait(false);
                return await session.GoToAsync(time, ct).ConfigureAwait(false);
            },
            cancellationToken);
    }

    /// <summary>
    /// Opens a connection to one camera that stays open for many requests. When <paramref name="tokens"/> (a <see cref="LoginSession"/>)
    /// renews the VMS token, the connection sends <c>connectupdate</c> with the new one before its next request.
    /// </summary>
    /// <param name="recorder">The recording server holding the camera.</param>
    /// <param name="cameraId">The camera.</param>
    /// <param name="tokens">Where the VMS token is read before every request.</param>
    /// <param name="cancellationToken">Cancels the connection attempt.</param>
    /// <returns>The open connection; dispose it to close.</returns>
    public Task<ImageServerConnection> OpenAsync(XProtectEndpoint recorder, Guid cameraId, IVmsTokenSource tokens, CancellationToken cancellationToken = default)
    {
        if (recorder is null)
        {
            throw new ArgumentNullException(nameof(recorder));
        }

        if (tokens is null)
        {
            throw new ArgumentNullException(nameof(tokens));
        }

        return _connector.ExecuteAsync(
            recorder,
            async (stream, ct) =>
            {
                var session = new ImageServerSession(stream, recorder);
                var token = tokens.VmsToken;
                await session.ConnectAsync(cameraId, token, ct).ConfigureAwait(false);
                return new ImageServerConnection(stream, session, tokens, token);
            },
            disposeStream: false,
            cancellationToken);
    }
}
