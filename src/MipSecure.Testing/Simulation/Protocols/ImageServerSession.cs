using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// One ImageServer protocol session on a recording server: <c>&lt;methodcall&gt;</c> requests ended by CRLF CRLF,
/// answered by <c>methodresponse</c> documents or <c>ImageResponse</c> frames. Implemented: connect, connectupdate,
/// live (one frame at once, then one per live frame interval until stop), goto, stop. Anything else gets an error reason.
/// </summary>
internal sealed class ImageServerSession : IDisposable
{
    private const int MaxRequestBytes = SafeXml.MaxDocumentCharacters;

    // Requests are a few hundred bytes: the buffer starts small and grows to the cap only for a request that needs it.
    private const int FirstBufferBytes = 4 * 1024;
    private static readonly byte[] Terminator = "\r\n\r\n"u8.ToArray();

    private readonly Stream _stream;
    private readonly SimulatedConnection _connection;
    private readonly SiteRuntime _runtime;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private byte[] _buffer = new byte[FirstBufferBytes];
    private int _buffered;
    private bool _connected;
    private string? _token;
    private SimulatedCamera? _camera;
    private long _frameNumber;
    private CancellationTokenSource? _live;
    private Task _liveTask = Task.CompletedTask;

    public ImageServerSession(Stream stream, SimulatedConnection connection, SiteRuntime runtime)
    {
        _stream = stream;
        _connection = connection;
        _runtime = runtime;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await ReadRequestAsync(cancellationToken).ConfigureAwait(false) is { } request)
            {
                await HandleAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await StopLiveAsync().ConfigureAwait(false);
        }
    }

    public void Dispose() => _writeLock.Dispose();

    private async Task HandleAsync(string request, CancellationToken cancellationToken)
    {
        var document = SafeXml.TryParse(request);
        if (document?.Root is not { Name.LocalName: "methodcall" } call)
        {
            await WriteTextAsync(ImageServerReplies.MethodResponse("0", "unknown", "The request is not a methodcall XML document."), cancellationToken).ConfigureAwait(false);
            return;
        }

        var requestId = SafeXml.Value(call, "requestid") ?? "0";
        var method = (SafeXml.Value(call, "methodname") ?? string.Empty).ToLowerInvariant();
        switch (method)
        {
            case "connect":
            case "connectupdate":
                await ConnectAsync(call, requestId, method, cancellationToken).ConfigureAwait(false);
                break;
            case "live" when _connected:
                await StopLiveAsync().ConfigureAwait(false);
                _live = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                _liveTask = StreamLiveAsync(requestId, _live.Token);
                break;
            case "goto" when _connected && _connection.Server.CheckToken(_token) is not TokenStatus.Valid and var status:
                // The token the connection was opened (or last updated) with has run out: what a real recorder answers then is not
                // published; this one refuses the request the way it refuses a connect.
                _connected = false;
                await WriteTextAsync(ImageServerReplies.ConnectResponse(requestId, method, false, ImageServerReplies.ReasonFor(status)), cancellationToken).ConfigureAwait(false);
                break;
            case "goto" when _connected:
                await StopLiveAsync().ConfigureAwait(false);
                if (_connection.Server.Fault.Kind == ServerFaultKind.StatusBeforeFrame)
                {
                    await WriteTextAsync(ImageServerReplies.StatusDocument(_runtime.TimeProvider.GetUtcNow()), cancellationToken).ConfigureAwait(false);
                }

                var time = long.TryParse(SafeXml.Value(call, "time"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                    ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(ms, 0, 253402300799999))
                    : _runtime.TimeProvider.GetUtcNow();
                await WriteFrameAsync(requestId, time, _camera?.HasRecordings != false, cancellationToken).ConfigureAwait(false);
                break;
            case "stop":
                await StopLiveAsync().ConfigureAwait(false);
                await WriteTextAsync(ImageServerReplies.MethodResponse(requestId, method), cancellationToken).ConfigureAwait(false);
                break;
            case "live" or "goto":
                await WriteTextAsync(ImageServerReplies.MethodResponse(requestId, method, "Not connected: send connect with a valid token first."), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await WriteTextAsync(ImageServerReplies.MethodResponse(requestId, method, "Method not supported by the simulated recording server."), cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task ConnectAsync(XElement call, string requestId, string method, CancellationToken cancellationToken)
    {
        var connectParam = SafeXml.Value(call, "connectparam");
        var token = ConnectParameter(connectParam, "connectiontoken");
        var server = _connection.Server;
        string reason;
        if (server.Fault.Kind == ServerFaultKind.ServiceUnavailable)
        {
            reason = ImageServerReplies.Busy;
        }
        else
        {
            var status = server.CheckToken(token);
            var cameraText = method == "connect" ? SafeXml.Value(call, "cameraid") ?? ConnectParameter(connectParam, "id") : _camera?.Id.ToString();
            var camera = Guid.TryParse(cameraText, out var cameraId) ? server.Cameras.FirstOrDefault(c => c.Id == cameraId) : null;
            reason = status != TokenStatus.Valid ? ImageServerReplies.ReasonFor(status)
                : camera is null ? ImageServerReplies.UnknownCamera
                : !camera.UserMayView ? ImageServerReplies.NoPermission
                : string.Empty;
            if (reason.Length == 0)
            {
                _camera = camera;
                _token = token;
            }
        }

        // A refused connectupdate leaves the connection on its earlier token, which may still be valid.
        _connected = reason.Length == 0 || (method == "connectupdate" && _connected);
        await WriteTextAsync(ImageServerReplies.ConnectResponse(requestId, method, reason.Length == 0, reason), cancellationToken).ConfigureAwait(false);
    }

    internal static string? ConnectParameter(string? connectParam, string name)
    {
        if (connectParam is null)
        {
            return null;
        }

        foreach (var pair in connectParam.Split('&'))
        {
            var separator = pair.IndexOf('=');
            if (separator > 0 && string.Equals(pair[..separator].Trim(), name, StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(pair[(separator + 1)..].Trim());
            }
        }

        return null;
    }

    private async Task StreamLiveAsync(string requestId, CancellationToken cancellationToken)
    {
        // Frames are due on a fixed schedule from the first one, so a clock moved forward before the wait starts still releases the frame.
        var clock = _runtime.TimeProvider;
        var due = clock.GetUtcNow();
        try
        {
            while (true)
            {
                await ClockWait.UntilAsync(clock, due, cancellationToken).ConfigureAwait(false);

                await WriteFrameAsync(requestId, clock.GetUtcNow(), true, cancellationToken).ConfigureAwait(false);
                due += _runtime.LiveFrameInterval;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Live ends on stop, on a new request for video, or when the connection goes.
        }
    }

    private async Task StopLiveAsync()
    {
        if (_live is null)
        {
            return;
        }

        await _live.CancelAsync().ConfigureAwait(false);
        await _liveTask.ConfigureAwait(false);
        _live.Dispose();
        _live = null;
    }

    private Task WriteFrameAsync(string requestId, DateTimeOffset time, bool recorded, CancellationToken cancellationToken)
    {
        // No recording at that time is an ImageResponse with Content-length: 0.
        var jpeg = recorded ? TestJpegEncoder.EncodeFrame(Interlocked.Increment(ref _frameNumber)) : Array.Empty<byte>();
        return WriteAsync(ImageServerReplies.ImageFrame(requestId, time, jpeg), cancellationToken);
    }

    private Task WriteTextAsync(string text, CancellationToken cancellationToken) => WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Reads up to the next CRLF CRLF; null when the client closed. A request over the size cap ends the session.</summary>
    private async Task<string?> ReadRequestAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var end = _buffer.AsSpan(0, _buffered).IndexOf(Terminator);
            if (end >= 0)
            {
                var request = Encoding.UTF8.GetString(_buffer, 0, end);
                var consumed = end + Terminator.Length;
                _buffer.AsSpan(consumed, _buffered - consumed).CopyTo(_buffer);
                _buffered -= consumed;
                return request;
            }

            if (_buffered == _buffer.Length && _buffer.Length < MaxRequestBytes + Terminator.Length)
            {
                Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxRequestBytes + Terminator.Length));
            }
            else if (_buffered == _buffer.Length)
            {
                await WriteTextAsync(ImageServerReplies.MethodResponse("0", "unknown", "Request too large."), cancellationToken).ConfigureAwait(false);
                return null;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_buffered), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return null;
            }

            _buffered += read;
        }
    }
}
