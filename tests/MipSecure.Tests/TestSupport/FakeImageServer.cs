using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Tests.TestSupport;

/// <summary>The recording server's side of the ImageServer protocol, enough for connect and goto.</summary>
internal sealed class FakeImageServer
{
    /// <summary>A small JPEG: SOI, a JFIF APP0 segment, EOI.</summary>
    public static readonly byte[] Jpeg = Convert.FromHexString("FFD8FFE000104A46494600010100000100010000FFD9");

    private readonly ConcurrentQueue<string> _refusals = new();

    public string? LastToken { get; private set; }

    public int ConnectRequests;

    /// <summary>Makes the next connect requests fail with connected=no and this errorreason.</summary>
    public FakeImageServer RefuseNext(string reason, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _refusals.Enqueue(reason);
        }

        return this;
    }

    public async Task ServeAsync(Stream stream, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var request = await ReadRequestAsync(stream, cancellationToken);
            if (request is null)
            {
                return;
            }

            var id = Match(request, "requestid") ?? "0";
            switch (Match(request, "methodname"))
            {
                case "connect":
                    Interlocked.Increment(ref ConnectRequests);
                    LastToken = Regex.Match(request, "connectiontoken=([^<]*)").Groups[1].Value;
                    var refusal = _refusals.TryDequeue(out var r) ? r : null;
                    var body = refusal is not null
                        ? $"<connected>no</connected><errorreason>{refusal}</errorreason>"
                        : "<connected>yes</connected>";
                    await WriteAsync(stream, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodresponse><requestid>{id}</requestid><methodname>connect</methodname>{body}</methodresponse>\r\n\r\n", cancellationToken);
                    if (refusal is not null)
                    {
                        return;
                    }

                    break;
                case "goto":
                    var time = Match(request, "time") ?? "0";
                    var header = $"ImageResponse\r\nRequestId: {id}\r\nPrev: 0\r\nCurrent: {time}\r\nNext: 0\r\nContent-length: {Jpeg.Length}\r\nContent-type: image/jpeg\r\n\r\n";
                    await WriteAsync(stream, header, cancellationToken);
                    await stream.WriteAsync(Jpeg, cancellationToken);
                    await WriteAsync(stream, "\r\n\r\n", cancellationToken);
                    break;
                default:
                    return;
            }
        }
    }

    private static string? Match(string request, string element)
    {
        var match = Regex.Match(request, $"<{element}>([^<]*)</{element}>");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static Task WriteAsync(Stream stream, string text, CancellationToken cancellationToken) =>
        stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).AsTask();

    private static async Task<string?> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var one = new byte[1];
        while (buffer.Length < 64 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return null;
            }

            buffer.WriteByte(one[0]);
            var bytes = buffer.GetBuffer();
            var n = (int)buffer.Length;
            if (n >= 4 && bytes[n - 4] == 13 && bytes[n - 3] == 10 && bytes[n - 2] == 13 && bytes[n - 1] == 10)
            {
                return Encoding.UTF8.GetString(bytes, 0, n - 4);
            }
        }

        return null;
    }
}
