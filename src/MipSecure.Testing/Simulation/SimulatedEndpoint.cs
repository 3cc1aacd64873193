using System;
using System.Globalization;
using System.Net;

namespace MipSecure.Testing.Simulation;

/// <summary>One listening port of a simulated server, on 127.0.0.1, and the URI clients use for it.</summary>
public sealed class SimulatedEndpoint
{
    internal SimulatedEndpoint(SimulatedServer server, bool isTls, int port, string? hostName = null)
    {
        Server = server;
        IsTls = isTls;
        Port = port;
        IsApiGateway = hostName is not null;
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
        Uri = new Uri(string.Create(CultureInfo.InvariantCulture, $"{Scheme}://{hostName ?? server.HostName}:{port}/"));
    }

    /// <summary>Gets whether this is the API gateway of a management server whose gateway runs on another host.</summary>
    public bool IsApiGateway { get; }

    /// <summary>Gets the server the endpoint belongs to.</summary>
    public SimulatedServer Server { get; }

    /// <summary>Gets whether the endpoint speaks TLS.</summary>
    public bool IsTls { get; }

    /// <summary>Gets the URI scheme: https for TLS, http otherwise.</summary>
    public string Scheme => IsTls ? "https" : "http";

    /// <summary>Gets the bound port.</summary>
    public int Port { get; }

    /// <summary>Gets the address to connect to: 127.0.0.1 and the bound port.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Gets the URI with the server's host name and the bound port, for example https://rec1.contoso.local:40123/.</summary>
    public Uri Uri { get; }

    /// <inheritdoc />
    public override string ToString() => Uri.ToString();
}
