using System;
using System.Collections.Concurrent;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Tests.TestSupport;

/// <summary>Answers one HTTP/1.1 request per connection with the next scripted response, and records each request's head.</summary>
internal sealed class TinyHttpServer
{
    private readonly ConcurrentQueue<string> _responses = new();

    public ConcurrentQueue<string> RequestHeads { get; } = new();

    public string Fallback { get; set; } = Response(200, "{}");

    public static string Response(int status, string body, string? extraHeader = null) =>
        $"HTTP/1.1 {status} Status\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n{(extraHeader is null ? string.Empty : extraHeader + "\r\n")}\r\n{body}";

    public TinyHttpServer Then(string response)
    {
        _responses.Enqueue(response);
        return this;
    }

    public async Task ServeAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 16 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                return;
            }

            head.Append((char)one[0]);
        }

        RequestHeads.Enqueue(head.ToString());
        var response = _responses.TryDequeue(out var scripted) ? scripted : Fallback;
        await stream.WriteAsync(Encoding.UTF8.GetBytes(response), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }
}
