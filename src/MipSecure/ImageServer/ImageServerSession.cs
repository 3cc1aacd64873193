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

namespace MipSecure.ImageServer;

/// <summary>
/// Speaks the recording server's ImageServer protocol over a stream MipSecure opened: XML requests ended by
/// <c>\r\n\r\n</c>, XML answers or <c>ImageResponse</c> frames. The session does not own the stream's transport
/// decisions; it only reads and writes messages, with every size bounded.
/// </summary>
public sealed class ImageServerSession
{
    /// <summary>The largest XML answer or frame header read, in bytes.</summary>
    public const int MaxHeaderBytes = 64 * 1024;

    /// <summary>The largest image read, in bytes.</summary>
    public const int MaxImageBytes = 32 * 1024 * 1024;

    private static readonly byte[] Terminator = { 13, 10, 13, 10 };

    private readonly Stream _stream;
    private readonly XProtectEndpoint _endpoint;
    private int _requestId;

    /// <summary>Creates a session on <paramref name="stream"/>.</summary>
    /// <param name="stream">The stream from <see cref="SecureConnector"/>.</param>
    /// <param name="endpoint">The recording server the stream is connected to, for messages.</param>
    public ImageServerSession(Stream stream, XProtectEndpoint endpoint)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    /// <summary>Sends <c>connect</c> for a camera with a login token.</summary>
    /// <param name="cameraId">The camera.</param>
    /// <param name="token">The token from the management server's login. It is sent to the server and never logged.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the server accepted the connection.</returns>
    /// <exception cref="ImageServerException">The server refused (20001/1-3 authorization, 20001/4 retry later).</exception>
    public async Task ConnectAsync(Guid cameraId, string token, CancellationToken cancellationToken = default)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        var id = NextRequestId();
        var camera = cameraId.ToString("D");
        var body =
            $"<methodcall><requestid>{id}</requestid><methodname>connect</methodname><username>a</username><password>a</password>"
            + $"<cameraid>{camera}</cameraid><alwaysstdjpeg>yes</alwaysstdjpeg>"
            + $"<connectparam>id={camera}&amp;connectiontoken={SecurityElement.Escape(token)}</connectparam></methodcall>";
        await SendAsync(body, cancellationToken).ConfigureAwait(false);
        var answer = await ReadXmlAsync(cancellationToken).ConfigureAwait(false);
        var connected = Element(answer, "connected");
        if (!string.Equals(connected, "yes", StringComparison.OrdinalIgnoreCase))
        {
            throw Refusal(answer);
        }
    }

    /// <summary>Asks for the recorded image at or before <paramref name="time"/> (<c>goto</c>).</summary>
    /// <param name="time">The moment wanted.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The frame.</returns>
    public async Task<ImageFrame> GoToAsync(DateTimeOffset time, CancellationToken cancellationToken = default)
    {
        var id = NextRequestId();
        var milliseconds = time.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        await SendAsync(
            $"<methodcall><requestid>{id}</requestid><methodname>goto</methodname><time>{milliseconds}</time><compressionrate>90</compressionrate><keyframesonly>yes</keyframesonly></methodcall>",
            cancellationToken).ConfigureAwait(false);
        return await ReadFrameAsync(cancellationToken).ConfigureAwait(false);
    }

    private int NextRequestId() => Interlocked.Increment(ref _requestId);

    private async Task SendAsync(string methodCall, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?>" + methodCall + "\r\n\r\n");
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

    private async Task<ImageFrame> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = await ReadUntilTerminatorAsync(cancellationToken).ConfigureAwait(false);
        if (header.Length > 0 && header[0] == (byte)'<')
        {
            throw Refusal(ParseXml(header));
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
        return new ImageFrame(contentType ?? "application/octet-stream", data, timestamp);
    }

    private async Task<byte[]> ReadUntilTerminatorAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var one = new byte[1];
        var matched = 0;
        while (matched < Terminator.Length)
        {
            if (buffer.Length >= MaxHeaderBytes)
            {
                throw ProtocolError($"an answer is longer than {MaxHeaderBytes} bytes without an end");
            }

            var read = await _stream.ReadAsync(one, 0, 1, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw ProtocolError("the server closed the connection in the middle of an answer");
            }

            buffer.WriteByte(one[0]);
            matched = one[0] == Terminator[matched] ? matched + 1 : (one[0] == Terminator[0] ? 1 : 0);
        }

        var all = buffer.ToArray();
        return all.Take(all.Length - Terminator.Length).ToArray();
    }

    private async Task ReadExactAsync(byte[] target, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < target.Length)
        {
            var read = await _stream.ReadAsync(target, offset, target.Length - offset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw ProtocolError("the server closed the connection in the middle of an image");
            }

            offset += read;
        }
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
        var error = ParseInt(Element(answer, "errornumber"));
        var subError = ParseInt(Element(answer, "suberrornumber"));

        // A refusal without numbers is the classic "connected: no": treat it as an authorization failure, not retryable.
        return new ImageServerException(_endpoint, error ?? ImageServerException.TokenErrorNumber, subError ?? 2, reason);
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

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
