using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Xml.Linq;
using MipSecure.Testing.Simulation;

namespace MipSecure.Testing.Tests.Support;

/// <summary>A raw ImageServer protocol client, written from the protocol description, to prove the simulator on its own.</summary>
internal sealed class ImageServerClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private int _requestId;

    private ImageServerClient(TcpClient tcp, Stream stream, Guid camera)
    {
        _tcp = tcp;
        Stream = stream;
        Camera = camera;
    }

    public Stream Stream { get; }

    /// <summary>Gets the camera <see cref="SendConnectAsync"/> asks for: the first one of the server dialled.</summary>
    public Guid Camera { get; }

    public static async Task<ImageServerClient> ConnectAsync(SimulatedSite site, Uri uri, SiteTrust trust, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient();
        try
        {
            await tcp.ConnectAsync(site.ResolveEndPoint(uri), cancellationToken);
            Stream stream = tcp.GetStream();
            if (uri.Scheme == "https")
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = uri.Host, RemoteCertificateValidationCallback = trust.CallbackFor(uri.Host) }, cancellationToken);
                stream = tls;
            }

            var server = site.Servers.FirstOrDefault(s => s.Endpoints.Any(e => e.Uri.Port == uri.Port));
            var camera = server is { Cameras.Count: > 0 } ? server.Cameras[0].Id : Guid.NewGuid();
            return new ImageServerClient(tcp, stream, camera);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    public Task SendAsync(string method, string innerXml, CancellationToken cancellationToken)
    {
        var id = (++_requestId).ToString(CultureInfo.InvariantCulture);
        var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodcall><requestid>{id}</requestid><methodname>{method}</methodname>{innerXml}</methodcall>\r\n\r\n";
        return Stream.WriteAsync(Encoding.UTF8.GetBytes(xml), cancellationToken).AsTask();
    }

    public Task SendConnectAsync(string? token, CancellationToken cancellationToken, Guid? cameraId = null)
    {
        var camera = cameraId ?? Camera;
        var param = token is null ? $"id={camera}" : $"id={camera}&amp;connectiontoken={token}";
        return SendAsync("connect", $"<username>a</username><password>a</password><cameraid>{camera}</cameraid><alwaysstdjpeg>yes</alwaysstdjpeg><connectparam>{param}</connectparam>", cancellationToken);
    }

    /// <summary>Reads one reply: an XML methodresponse or an ImageResponse frame.</summary>
    public async Task<ImageServerReply> ReadReplyAsync(CancellationToken cancellationToken)
    {
        var head = await ReadUntilBlankLineAsync(cancellationToken);
        if (head.StartsWith('<'))
        {
            return new ImageServerReply(XDocument.Parse(head), null, new Dictionary<string, string>());
        }

        var lines = head.Split("\r\n");
        Assert.Equal("ImageResponse", lines[0]);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var length = int.Parse(headers["Content-length"], CultureInfo.InvariantCulture);
        var content = new byte[length];
        await Stream.ReadExactlyAsync(content, cancellationToken);
        var trailer = new byte[4];
        await Stream.ReadExactlyAsync(trailer, cancellationToken);
        Assert.Equal("\r\n\r\n"u8.ToArray(), trailer);
        return new ImageServerReply(null, content, headers);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task<string> ReadUntilBlankLineAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 65536)
        {
            if (await Stream.ReadAsync(one, cancellationToken) == 0)
            {
                throw new EndOfStreamException("The server closed the connection.");
            }

            bytes.Add(one[0]);
            var n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n')
            {
                return Encoding.UTF8.GetString(bytes.ToArray(), 0, n - 4);
            }
        }

        throw new InvalidDataException("No blank line within 64 KiB.");
    }
}

internal sealed record ImageServerReply(XDocument? Xml, byte[]? Image, IReadOnlyDictionary<string, string> Headers)
{
    public string? Value(string name) => Xml?.Descendants().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
