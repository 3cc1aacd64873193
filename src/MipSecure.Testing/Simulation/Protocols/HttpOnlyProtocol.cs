using System.IO;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>A port that speaks HTTP only: management, mobile and event servers.</summary>
internal sealed class HttpOnlyProtocol : IConnectionProtocol
{
    private readonly SiteHttpHost _http;

    public HttpOnlyProtocol(SiteHttpHost http)
    {
        _http = http;
    }

    public Task ServeAsync(Stream stream, SimulatedConnection connection, CancellationToken cancellationToken) => _http.ServeAsync(stream, connection, cancellationToken);
}
