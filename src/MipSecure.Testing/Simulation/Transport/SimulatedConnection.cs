using System.Net;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>What a protocol handler knows about the connection it serves.</summary>
internal sealed class SimulatedConnection
{
    public SimulatedConnection(SimulatedServer server, SimulatedEndpoint endpoint, bool isTls, EndPoint? localEndPoint, EndPoint? remoteEndPoint)
    {
        Server = server;
        Endpoint = endpoint;
        IsTls = isTls;
        LocalEndPoint = localEndPoint;
        RemoteEndPoint = remoteEndPoint;
    }

    public SimulatedServer Server { get; }

    public SimulatedEndpoint Endpoint { get; }

    /// <summary>Gets whether this connection really speaks TLS (a wrong-protocol fault can differ from the endpoint's scheme).</summary>
    public bool IsTls { get; }

    public EndPoint? LocalEndPoint { get; }

    public EndPoint? RemoteEndPoint { get; }

    /// <summary>Gets or sets the Negotiate exchange running on this connection (NTLM authenticates a connection, leg by leg).</summary>
    public System.Net.Security.NegotiateAuthentication? Negotiation { get; set; }
}
