using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>
/// One Kestrel server per site that serves the HTTP of every simulated server. Connections reach it through
/// <see cref="StreamConnectionListener"/>; each carries its <see cref="SimulatedConnection"/> so a request knows its server.
/// </summary>
internal sealed class SiteHttpHost : IAsyncDisposable
{
    private readonly StreamConnectionListener _listener = new();
    private readonly KestrelServer _server;
    private readonly ServiceProvider _services;
    private readonly RequestDelegate _handler;

    public SiteHttpHost(RequestDelegate handler)
    {
        _handler = handler;
        _services = new ServiceCollection().BuildServiceProvider();
        var options = new KestrelServerOptions { AddServerHeader = false, ApplicationServices = _services };
        options.Limits.MaxRequestBodySize = 1024 * 1024;
        options.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
        options.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        _server = new KestrelServer(Options.Create(options), _listener, NullLoggerFactory.Instance);
    }

    public Task StartAsync(CancellationToken cancellationToken) => _server.StartAsync(new Application(_handler), cancellationToken);

    /// <summary>Serves HTTP on <paramref name="stream"/> until the client or Kestrel ends the connection, or the site stops.</summary>
    public async Task ServeAsync(Stream stream, SimulatedConnection connection, CancellationToken cancellationToken)
    {
        var context = new StreamConnectionContext(stream, connection);
        if (!_listener.Offer(context))
        {
            return;
        }

        using var registration = cancellationToken.Register(context.Close);
        await context.Completion.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Connections were closed by the listeners already; a short grace period is all Kestrel needs to let go.
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _server.StopAsync(grace.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Kestrel aborted what was left, which is what disposal wants.
        }

        _server.Dispose();
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _services.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Application : IHttpApplication<HttpContext>
    {
        private readonly RequestDelegate _handler;

        public Application(RequestDelegate handler)
        {
            _handler = handler;
        }

        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => _handler(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }
}
