using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Audit;

/// <summary>What a recording server said when the audit proved the login on it.</summary>
internal enum LoginProofOutcome
{
    /// <summary>The recorder accepted the token (and, with a camera, delivered a frame).</summary>
    Accepted,

    /// <summary>The recorder refused the token.</summary>
    TokenRefused,

    /// <summary>The recorder accepted the connection but refused for another reason, or gave no frame from the camera.</summary>
    NoFrame,

    /// <summary>No token was sent: the recorder could not be reached or was not trusted.</summary>
    NotAttempted,
}

/// <summary>The camera a login proof asks a frame from, and where it came from, for messages.</summary>
/// <param name="Id">The camera id sent in <c>connect</c>.</param>
/// <param name="Description">Where the camera came from, for example "camera 'Lobby' (…), listed on the recorder's hardware".</param>
internal sealed record ProofCamera(Guid Id, string Description)
{
    public static ProofCamera FromOption(Guid id) => new(id, $"camera {id:D} (--camera)");

    public static ProofCamera FromConfiguration(DiscoveredCamera camera) => new(camera.Id, $"camera '{camera.Name}' ({camera.Id:D}), the first enabled camera on the recorder's hardware");
}

/// <summary>The login proof on one recording server, with the finding it gives (none, or a note, when accepted).</summary>
internal sealed record LoginProofResult(XProtectEndpoint Recorder, LoginProofOutcome Outcome, TrustFinding? Finding);

/// <summary>Proves on one recording server that the login's token gets the integration in (and, with a camera, a frame).</summary>
internal interface IRecorderLoginProof
{
    /// <summary>
    /// Proves the login; <paramref name="camera"/> is <see langword="null"/> when none was given or listed, and <paramref name="noCameraReason"/> then says why.
    /// <paramref name="probedConnection"/> is the probe's validated TLS connection to the recorder when it can be used (the proof then
    /// owns it), or <see langword="null"/> to connect anew.
    /// </summary>
    Task<LoginProofResult> ProveAsync(XProtectEndpoint recorder, AuditSession session, ProofCamera? camera, string? noCameraReason, Stream? probedConnection, CancellationToken cancellationToken);
}

/// <summary>
/// Speaks ImageServer over the probe's validated TLS connection to the recorder, or else over a connection of
/// <see cref="SecureConnector"/> (TLS exactly when the address is https, certificate validated), and sends <c>connect</c> with the session's VMS token for the camera, then <c>goto</c> for one frame: a frame, or
/// the answer that the camera has no recording then, proves the login. Without a camera, <c>connect</c> names the nil camera
/// id and a refusal about the camera (not the token) counts as the token accepted, with MIPSEC4024 saying only that much was
/// proven: whether a real recorder judges the token before the camera is not documented.
/// </summary>
internal sealed class ImageServerLoginProof : IRecorderLoginProof
{
    private readonly SecureConnector _connector;
    private readonly TimeProvider _timeProvider;

    public ImageServerLoginProof(SecureConnector connector, TimeProvider timeProvider)
    {
        _connector = connector;
        _timeProvider = timeProvider;
    }

    public async Task<LoginProofResult> ProveAsync(
        XProtectEndpoint recorder, AuditSession session, ProofCamera? camera, string? noCameraReason, Stream? probedConnection, CancellationToken cancellationToken)
    {
        try
        {
            if (probedConnection is null)
            {
                await _connector.ExecuteAsync(recorder, (stream, ct) => ExchangeAsync(stream, recorder, session, camera, ct), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ExchangeOverProbedConnectionAsync(probedConnection, recorder, session, camera, cancellationToken).ConfigureAwait(false);
            }

            return camera is null ? TokenOnly(recorder, noCameraReason) : new LoginProofResult(recorder, LoginProofOutcome.Accepted, null);
        }
        catch (ImageServerException ex) when (camera is null && ex.Kind is ImageServerRefusalKind.UnknownCamera or ImageServerRefusalKind.NoPermission)
        {
            // Without a camera the connect names none, so a refusal about the camera means the token itself was not the problem.
            // (Whether a real recorder checks the token before the camera is not published; one that did not would say "token".)
            return TokenOnly(recorder, noCameraReason);
        }
        catch (ImageServerException ex) when (ex.Kind == ImageServerRefusalKind.TokenRejected)
        {
            return new LoginProofResult(recorder, LoginProofOutcome.TokenRefused, new TrustFinding(
                MipSecCodes.RecorderRefusedToken, FindingSeverity.Error,
                $"The {recorder.Description} refused the ImageServer connect with the {session.RecorderTokenKind}: {ex.Message}",
                "Integrations must log in through the whole chain and send the recording server the VMS token of ServerCommandService Login; check the user's roles and that the recording server is connected to the management server."));
        }
        catch (MipSecureConnectionException ex) when (camera is not null && ex is not MipSecureTrustException)
        {
            return new LoginProofResult(recorder, LoginProofOutcome.NoFrame, new TrustFinding(
                MipSecCodes.CameraFrameNotDelivered, FindingSeverity.Error,
                $"The {recorder.Description} accepted the login but gave no frame from {camera.Description}: {ex.Message}",
                "Check that the camera belongs to this recording server, that the user's role may view it, and that it records."));
        }
        catch (MipSecureException ex)
        {
            return new LoginProofResult(recorder, LoginProofOutcome.NotAttempted, new TrustFinding(
                MipSecCodes.LoginProofNotPossible, FindingSeverity.Warning,
                $"The login could not be proven on the {recorder.Description}: {ex.Message}",
                "Fix the connection or certificate finding reported for this server, then audit again."));
        }
    }

    private async ValueTask<bool> ExchangeAsync(Stream stream, XProtectEndpoint recorder, AuditSession session, ProofCamera? camera, CancellationToken cancellationToken)
    {
        var imageServer = new ImageServerSession(stream, recorder);
        await imageServer.ConnectAsync(camera?.Id ?? Guid.Empty, session.RecorderToken, cancellationToken).ConfigureAwait(false);
        if (camera is not null)
        {
            await imageServer.GoToAsync(_timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    // The probe already validated this connection exactly as SecureConnector would (same handshake, same validator, same
    // address overrides); reusing it halves the TLS handshakes an audit costs the customer's recorders.
    private async Task ExchangeOverProbedConnectionAsync(Stream connection, XProtectEndpoint recorder, AuditSession session, ProofCamera? camera, CancellationToken cancellationToken)
    {
        using (connection)
        using (cancellationToken.Register(static state => ((Stream)state!).Dispose(), connection))
        {
            try
            {
                await ExchangeAsync(connection, recorder, session, camera, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException && !cancellationToken.IsCancellationRequested)
            {
                throw new MipSecureConnectionException(
                    MipSecCodes.ServerUnreachable,
                    recorder,
                    $"The connection to the {recorder.Description} at {recorder.Uri} broke during the ImageServer exchange: {ex.Message}",
                    "Check that the recording server's service is healthy, then audit again.",
                    isTransient: true,
                    ex);
            }
        }
    }

    private static LoginProofResult TokenOnly(XProtectEndpoint recorder, string? noCameraReason) =>
        new(recorder, LoginProofOutcome.Accepted, new TrustFinding(
            MipSecCodes.LoginProvenWithoutFrame, FindingSeverity.Info,
            $"The {recorder.Description} accepted the login's token on ImageServer connect, but no frame was asked for: {noCameraReason ?? "no camera was given"}.",
            "Audit with --camera GUID naming a camera of this recording server to prove that the account gets video."));
}
