using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Cli.Tests;

/// <summary>
/// A real TLS server on 127.0.0.1 that requires a client certificate (mutual TLS), speaking only the TLS version given,
/// and answers HTTP to a client that presents one. It stands for a proxy in front of an XProtect server.
/// </summary>
internal sealed class ClientCertificateServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public ClientCertificateServer(X509Certificate2 certificate, SslProtocols protocol)
    {
        _listener.Start();
        _serving = ServeAsync(certificate, protocol);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _serving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task ServeAsync(X509Certificate2 certificate, SslProtocols protocol)
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = HandleAsync(client, certificate, protocol);
        }
    }

    private async Task HandleAsync(TcpClient client, X509Certificate2 certificate, SslProtocols protocol)
    {
        using (client)
        using (var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false))
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            try
            {
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                {
                    ServerCertificate = certificate,
                    EnabledSslProtocols = protocol,
                    ClientCertificateRequired = true,
                    RemoteCertificateValidationCallback = (_, clientCertificate, _, _) => clientCertificate is not null,
                }, timeout.Token);
                var buffer = new byte[1024];
                _ = await ssl.ReadAsync(buffer, timeout.Token);
                await ssl.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n"), timeout.Token);
            }
            catch (Exception ex) when (ex is AuthenticationException or System.IO.IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client had no certificate: the connection ends, as a real server ends it.
            }
        }
    }
}
