using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using System.Xml.Linq;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;
using MipSecure.Connections;
using MipSecure.Login;

namespace MipSecure.ImageServer;

/// <summary>
/// Speaks the recording server's ImageServer protocol over a stream MipSecure opened: XML requests ended by
/// <c>\r\n\r\n</c>, XML answers or <c>ImageResponse</c> frames. The session does not own the stream's transport
/// decisions; it only reads and writes messages, with every size bounded.
/// </summary>
public sealed class ImageServerSession
{
    /// <summary>The largest XML answer or frame header read, in bytes.</summary>
    internal const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The largest image read, in bytes.</summary>
    internal const int MaxImageBytes = 32 * 1024 * 1024;

    private const int ReceiveBufferBytes = 16 * 1024;

    private static readonly byte[] Terminator = { 13, 10, 13, 10 };

    private readonly Stream _stream;
    private readonly XProtectEndpoint _endpoint;

    // Answers are read through this buffer (a TLS record at a time, not a byte at a time); what follows a message stays in it
    // for the next read, since the session is the only reader of its stream.
    private readonly byte[] _received = new byte[ReceiveBufferBytes];
    private int _receivedStart;
    private int _receivedEnd;

    /// <summary>Creates a session on <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream from <see cref="SecureConnector"/>.</param>
    /// <param name="endpoint">The recording server the stream is connected to, for messages.</param>
    public ImageServerSession(Stream stream, XProtectEndpoint endpoint)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    /// <summary>The most status messages skipped while one image is awaited; the attempt's time limit also bounds the wait.</summary>
    public const int MaxStatusMessages = 256;

    private Guid _cameraId;
    private int _gotoCount = 1;
    private int _updateCount;

    /// <summary>Sends <c>connect</c> for a camera with a VMS token, as Milestone's TcpVideoViewer sample formats it (<c>FormatConnect</c>).</summary>
    /// <param name="cameraId">The camera.</param>
    /// <param name="token">The VMS token from ServerCommandService <c>Login</c>. It is sent to the server and never logged.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the server accepted the connection.</returns>
    /// <exception cref="ImageServerException">The server refused; <see cref="ImageServerException.Kind"/> says why.</exception>
    public async Task ConnectAsync(Guid cameraId, VmsToken token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        _cameraId = cameraId;
        await SendAsync(FormatConnect(cameraId, token.Value), cancellationToken).ConfigureAwait(false);
        var answer = await ReadXmlAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(Element(answer, "connected"), "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw Refusal(answer);
        }
    }

    /// <summary>Sends <c>connectupdate</c> with a renewed VMS token on the open connection (TcpVideoViewer's <c>FormatConnectUpdate</c>).</summary>
    /// <param name="token">The renewed token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the server answered.</returns>
    /// <exception cref="ImageServerException">The server refused the new token.</exception>
    public async Task ConnectUpdateAsync(VmsToken token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        await SendAsync(FormatConnectUpdate(++_updateCount, _cameraId, token.Value), cancellationToken).ConfigureAwait(false);
        var answer = await ReadXmlAsync(cancellationToken).ConfigureAwait(false);
        if (string.Equals(Element(answer, "connected"), "no", StringComparison.OrdinalIgnoreCase))
        {
            throw Refusal(answer);
        }
    }

    /// <summary>Asks for the recorded image at or before <paramref name="time"/> (<c>goto</c>, as TcpVideoViewer's playback sends it).</summary>
    /// <param name="time">The moment wanted.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The frame, or no recording at that time.</returns>
    public async Task<FrameRetrieval> GoToAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var id = ++_gotoCount;
        await SendAsync(FormatGoTo(id, time.ToUnixTimeMilliseconds(), 90), cancellationToken).ConfigureAwait(false);
        return await ReadFrameAsync(id, time, cancellationToken).ConfigureAwait(false);
    }

    internal static string FormatConnect(Guid cameraId, string token)
    {
        var camera = cameraId.ToString("D");
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?><methodcall><requestid>0</requestid>"
            + "<methodname>connect</methodname><username>a</username><password>a</password>"
            + "<cameraid>" + camera + "</cameraid><alwaysstdjpeg>yes</alwaysstdjpeg>"
            + "<transcode><allframes>yes</allframes></transcode>"
            + "<connectparam>id=" + camera + "&amp;connectiontoken=" + SecurityElement.Escape(token)
            + "</connectparam></methodcall>\r\n\r\n";
    }

    internal static string FormatConnectUpdate(int requestId, Guid cameraId, string token) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><methodcall><requestid>" + requestId.ToString(CultureInfo.InvariantCulture) + "</requestid>"
        + "<methodname>connectupdate</methodname>"
        + "<connectparam>id=" + cameraId.ToString("D") + "&amp;connectiontoken=" + SecurityElement.Escape(token) + "</connectparam>"
        + "</methodcall>\r\n\r\n";

    internal static string FormatGoTo(int requestId, long milliseconds, int compressionRate) =>
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><methodcall><requestid>" + requestId.ToString(CultureInfo.InvariantCulture) + "</requestid>"
        + "<methodname>goto</methodname>"
        + "<time>" + milliseconds.ToString(CultureInfo.InvariantCulture) + "</time>"
        + "<compressionrate>" + compressionRate.ToString(CultureInfo.InvariantCulture) + "</compressionrate>"
        + "<keyframesonly>no</keyframesonly>"
        + "</methodcall>\r\n\r\n";

    private async Task SendAsync(string methodCall, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(methodCall);
        await _stream.WriteAsync(bytes, 0, bytes.Length, cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<XDocument> ReadXmlAsync(CancellationToken cancellationToken)
    {
        var message = await ReadUntilTerminatorAsync(cancellationToken).ConfigureAwait(false);
        if (message.Length == 0 || message[0] != (byte)'<')
        {
            throw ProtocolError("expected an XML answer");
        }

        return ParseXml(message);
    }

    private async Task<FrameRetrieval> ReadFrameAsync(int requestId, DateTimeOffset requested, CancellationToken cancellationToken)
    {
        byte[] header;
        var skipped = 0;
        while (true)
        {
            header = await ReadUntilTerminatorAsync(cancellationToken).ConfigureAwait(false);
            if (header.Length == 0 || header[0] != (byte)'<')
            {
                break;
            }

            // An XML message while an image is awaited is a status message (TcpVideoViewer skips them), unless it answers this
            // request with a refusal, which waiting would only turn into a timeout.
            var message = ParseXml(header);
            if (IsRefusalOf(message, requestId))
            {
                throw Refusal(message);
            }

            if (++skipped > MaxStatusMessages)
            {
                throw ProtocolError($"more than {MaxStatusMessages} status messages came and no image");
            }
        }

        var lines = Encoding.ASCII.GetString(header).Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0 || !string.Equals(lines[0].Trim(), "ImageResponse", StringComparison.OrdinalIgnoreCase))
        {
            throw ProtocolError("expected an ImageResponse");
        }

        string? contentType = null;
        int? length = null;
        DateTimeOffset? timestamp = null;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line.Substring(0, colon).Trim();
            var value = line.Substring(colon + 1).Trim();
            if (name.Equals("Content-type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
            }
            else if (name.Equals("Content-length", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                length = parsed;
            }
            else if (name.Equals("Current", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
            {
                timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            }
        }

        if (length is null || length > MaxImageBytes)
        {
            throw ProtocolError(length is null ? "the ImageResponse has no Content-length" : $"the image is larger than {MaxImageBytes} bytes");
        }

        var data = new byte[length.Value];
        await ReadExactAsync(data, cancellationToken).ConfigureAwait(false);
        var trailer = new byte[Terminator.Length];
        await ReadExactAsync(trailer, cancellationToken).ConfigureAwait(false);

        // Content-length 0 is how a recording server says it has no recording at that time.
        return length.Value == 0
            ? FrameRetrieval.NoRecording(requested)
            : FrameRetrieval.Found(requested, new ImageFrame(contentType ?? "application/octet-stream", data, timestamp));
    }

    private async Task<byte[]> ReadUntilTerminatorAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var matched = 0;
        while (true)
        {
            if (_receivedStart == _receivedEnd)
            {
                await FillAsync("the server closed the connection in the middle of an answer", cancellationToken).ConfigureAwait(false);
            }

            // Scan what is buffered for CRLF CRLF, carrying a partial match over from the bytes before.
            var scanned = _receivedStart;
            while (scanned < _receivedEnd && matched < Terminator.Length)
            {
                var next = _received[scanned++];
                matched = next == Terminator[matched] ? matched + 1 : (next == Terminator[0] ? 1 : 0);
            }

            message.Write(_received, _receivedStart, scanned - _receivedStart);
            _receivedStart = scanned;
            if (message.Length > MaxHeaderBytes)
            {
                throw ProtocolError($"an answer is longer than {MaxHeaderBytes} bytes without an end");
            }

            if (matched == Terminator.Length)
            {
                var answer = new byte[message.Length - Terminator.Length];
                Buffer.BlockCopy(message.GetBuffer(), 0, answer, 0, answer.Length);
                return answer;
            }
        }
    }

    private async Task ReadExactAsync(byte[] target, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < target.Length)
        {
            if (_receivedStart == _receivedEnd)
            {
                // A large image goes straight into its array; only what is left over after it is buffered.
                if (target.Length - offset >= _received.Length)
                {
                    var direct = await _stream.ReadAsync(target, offset, target.Length - offset, cancellationToken).ConfigureAwait(false);
                    if (direct == 0)
                    {
                        throw ProtocolError("the server closed the connection in the middle of an image");
                    }

                    offset += direct;
                    continue;
                }

                await FillAsync("the server closed the connection in the middle of an image", cancellationToken).ConfigureAwait(false);
            }

            var taken = Math.Min(target.Length - offset, _receivedEnd - _receivedStart);
            Buffer.BlockCopy(_received, _receivedStart, target, offset, taken);
            _receivedStart += taken;
            offset += taken;
        }
    }

    private async Task FillAsync(string closedProblem, CancellationToken cancellationToken)
    {
        var read = await _stream.ReadAsync(_received, 0, _received.Length, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw ProtocolError(closedProblem);
        }

        _receivedStart = 0;
        _receivedEnd = read;
    }

    private XDocument ParseXml(byte[] message)
    {
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(message), settings);
            return XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            throw ProtocolError($"the answer is not well-formed XML (line {ex.LineNumber}, position {ex.LinePosition})", ex);
        }
    }

    private ImageServerException Refusal(XDocument answer)
    {
        var reason = Element(answer, "errorreason");
        return new ImageServerException(_endpoint, ImageServerException.Classify(reason), reason);
    }

    private static bool IsRefusalOf(XDocument message, int requestId)
    {
        if (message.Root?.Name.LocalName != "methodresponse")
        {
            return false;
        }

        var id = Element(message, "requestid");
        var answersThis = id is null || id == requestId.ToString(CultureInfo.InvariantCulture);
        return answersThis && (string.Equals(Element(message, "connected"), "no", StringComparison.OrdinalIgnoreCase) || !string.IsNullOrEmpty(Element(message, "errorreason")));
    }

    private MipSecureConnectionException ProtocolError(string problem, Exception? inner = null) =>
        new(
            MipSecCodes.ImageServerProtocolError,
            _endpoint,
            $"The {_endpoint.Description} at {_endpoint.Uri} broke the ImageServer protocol: {problem}.",
            "Check that the address is the recording server's web server port (default 7563) and that nothing between rewrites the traffic.",
            isTransient: false,
            inner);

    private static string? Element(XDocument document, string localName) =>
        document.Descendants().FirstOrDefault(e => string.Equals(e.Name.LocalName, localName, StringComparison.OrdinalIgnoreCase))?.Value.Trim();

}
