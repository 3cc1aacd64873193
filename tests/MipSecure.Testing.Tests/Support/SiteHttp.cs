using System.Net.Sockets;
using MipSecure.Testing.Simulation;

namespace MipSecure.Testing.Tests.Support;

/// <summary>HttpClients that reach a simulated site's host names through its host map, with certificates validated against its CA.</summary>
internal static class SiteHttp
{
    public static HttpClient CreateClient(SimulatedSite site, SiteTrust trust, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(site.ResolveEndPoint(new Uri("http://" + context.DnsEndPoint.Host + ":" + context.DnsEndPoint.Port)), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = trust.HttpCallback();
        return new HttpClient(handler) { Timeout = timeout ?? TimeSpan.FromSeconds(20) };
    }

    public static async Task<string> GetTokenAsync(HttpClient client, SimulatedSite site, CancellationToken cancellationToken)
    {
        using var response = await RequestTokenAsync(client, site, site.Credentials.UserName, site.Credentials.Password, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public static Task<HttpResponseMessage> RequestTokenAsync(HttpClient client, SimulatedSite site, string userName, string password, CancellationToken cancellationToken, string clientId = "GrantValidatorClient")
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = userName,
            ["password"] = password,
            ["client_id"] = clientId,
        });
        return client.PostAsync(new Uri(site.ManagementServer.Uri, "API/IDP/connect/token"), form, cancellationToken);
    }
}
