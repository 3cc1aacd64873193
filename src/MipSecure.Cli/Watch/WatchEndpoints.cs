using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Diagnostics;
using MipSecure.Trust.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace MipSecure.Cli.Watch;

/// <summary>
/// Serves the watcher over HTTP on one address. <c>/metrics</c> is OpenTelemetry's Prometheus exporter with its own
/// HttpListener and serializer; that listener answers only its scrape path, so <c>/healthz</c> and <c>/readyz</c> come from
/// a second HttpListener registered for those paths on the same host and port (HttpListener routes each request to the
/// listener with the longest matching prefix, in-process on Linux and through http.sys on Windows).
/// </summary>
internal sealed class WatchEndpoints : IDisposable
{
    private readonly MeterProvider _meterProvider;
    private readonly HttpListener _health;
    private readonly SiteWatcher _watcher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    private WatchEndpoints(MeterProvider meterProvider, HttpListener health, SiteWatcher watcher)
    {
        _meterProvider = meterProvider;
        _health = health;
        _watcher = watcher;
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Starts serving; throws MIPSEC4051 when the address cannot be listened on.</summary>
    public static WatchEndpoints Start(SiteWatcher watcher, ListenAddress address)
    {
        MeterProvider meterProvider;
        try
        {
            meterProvider = Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(r => r.AddService("mipsecure-watch", serviceVersion: Commands.CheckCommand.ToolVersion))
                .AddMeter(WatchMetrics.MeterName, MipSecureMetrics.MeterName)
                .AddPrometheusHttpListener(options =>
                {
                    options.Host = address.PrefixHost;
                    options.Port = address.Port;
                    options.ScrapeEndpointPath = "/metrics";

                    // A scrape reads the latest audit; caching it would only hide a fresh one.
                    options.ScrapeResponseCacheDurationMilliseconds = 0;

                    // Every name already starts with mipsecure_; an otel_scope_name label on each series adds nothing to match on.
                    options.ScopeInfoEnabled = false;
                })
                .Build();
        }
        catch (Exception ex) when (ex is HttpListenerException or InvalidOperationException or UriFormatException)
        {
            throw Unavailable(address, ex);
        }

        var health = new HttpListener();
        health.Prefixes.Add(address.Prefix("healthz"));
        health.Prefixes.Add(address.Prefix("readyz"));
        try
        {
            health.Start();
        }
        catch (HttpListenerException ex)
        {
            meterProvider.Dispose();
            ((IDisposable)health).Dispose();
            throw Unavailable(address, ex);
        }

        return new WatchEndpoints(meterProvider, health, watcher);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _health.Stop();
        _health.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by the listener closing under it.
        }

        _meterProvider.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Answers one health request: the status code and a short text body.</summary>
    internal static (int Status, string Body) Answer(string path, SiteWatcher watcher)
    {
        var state = watcher.State;
        switch (path.TrimEnd('/'))
        {
            case "/healthz":
                return watcher.IsRunning ? (200, "ok\n") : (503, "the watcher is not running\n");
            case "/readyz":
                if (state.Ready)
                {
                    return (200, "ready\n");
                }

                var body = new StringBuilder("not ready\n");
                if (state.LastFailure is { } failure)
                {
                    body.Append(failure.Code.Id).Append(": the latest audit failed: ").Append(failure.Message).Append('\n');
                }
                else if (state.Latest is null)
                {
                    body.Append("no audit has completed yet\n");
                }

                foreach (var (server, finding) in state.Latest?.AllFindings.Where(f => f.Finding.Severity == FindingSeverity.Error) ?? Enumerable.Empty<(ServerObservation?, TrustFinding)>())
                {
                    body.Append(finding.Code.Id).Append(": ").Append(server is null ? "site" : server.AddressLabel).Append(": ").Append(finding.Message).Append('\n');
                }

                return (503, body.ToString());
            default:
                return (404, "not found: try /metrics, /healthz or /readyz\n");
        }
    }

    private static MipSecureException Unavailable(ListenAddress address, Exception ex) => new(
        MipSecCodes.ListenAddressUnavailable,
        $"Cannot listen on {address} for /metrics, /healthz and /readyz: {ex.Message}",
        "Pick a free port or an address of this machine with --listen, for example --listen 127.0.0.1:9465.");

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _health.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            try
            {
                var (status, body) = context.Request.HttpMethod is "GET" or "HEAD"
                    ? Answer(context.Request.Url?.AbsolutePath ?? "/", _watcher)
                    : (405, "only GET and HEAD\n");
                var bytes = Encoding.UTF8.GetBytes(body);
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.ContentLength64 = bytes.Length;
                if (context.Request.HttpMethod != "HEAD")
                {
                    await context.Response.OutputStream.WriteAsync(bytes, _stopping.Token).ConfigureAwait(false);
                }

                context.Response.Close();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException or System.IO.IOException)
            {
                // The client went away; the next request is served as usual.
                context.Response.Abort();
            }
        }
    }
}
