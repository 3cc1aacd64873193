using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>Serves one connection after TLS and fault injection.</summary>
internal interface IConnectionProtocol
{
    Task ServeAsync(Stream stream, SimulatedConnection connection, CancellationToken cancellationToken);
}
