using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// A recording server's single port: the first byte tells the raw ImageServer protocol (<c>&lt;</c> of
/// <c>&lt;?xml…&lt;methodcall&gt;</c>) from HTTP (a method name: <c>/imageserver</c>, RecorderCommandService, <c>HEAD /</c>).
/// Anything else, such as a TLS client hello reaching a plaintext port, gets a plaintext 400 and the connection closes.
/// </summary>
internal sealed class RecordingServerProtocol : IConnectionProtocol
{
    private static readonly byte[] BadRequest = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray();

    private readonly SiteRuntime _runtime;
    private readonly SiteHttpHost _http;

    public RecordingServerProtocol(SiteRuntime runtime, SiteHttpHost http)
    {
        _runtime = runtime;
        _http = http;
    }

    public async Task ServeAsync(Stream stream, SimulatedConnection connection, CancellationToken cancellationToken)
    {
        var first = new byte[1];
        if (await stream.ReadAsync(first, cancellationToken).ConfigureAwait(false) == 0)
        {
            return;
        }

        var replay = new ReplayStream(stream, first);
        if (first[0] != (byte)'<' && connection.Server.Fault.Kind == ServerFaultKind.SilentExceptImageServer)
        {
            // Silent until the client gives up or the site stops, as a recorder whose reader waits for CRLF CRLF may be.
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (first[0] == (byte)'<')
        {
            using var session = new ImageServerSession(replay, connection, _runtime);
            await session.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        else if (first[0] is >= (byte)'A' and <= (byte)'Z')
        {
            await _http.ServeAsync(replay, connection, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await stream.WriteAsync(BadRequest, cancellationToken).ConfigureAwait(false);
        }
    }
}
