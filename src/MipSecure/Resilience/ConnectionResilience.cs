using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MipSecure.Diagnostics;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Trust.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace MipSecure.Resilience;

/// <summary>
/// Builds and keeps one Polly pipeline per server, shared by its stream connections and its HTTP requests, so a server has one
/// circuit breaker whatever its traffic: total timeout, retry with exponential backoff and jitter (honouring a server's
/// Retry-After), a circuit breaker, and an attempt timeout. All waiting goes through the configured <see cref="TimeProvider"/>.
/// </summary>
public sealed class ConnectionResilience
{
    private readonly MipSecureOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly MipSecureMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ResiliencePipeline> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the pipeline provider.</summary>
    /// <param name="options">Timeouts, retry and circuit breaker settings.</param>
    /// <param name="timeProvider">The clock every delay and timeout uses.</param>
    /// <param name="metrics">Where retries and breaker transitions are counted.</param>
    /// <param name="logger">Where retries and breaker transitions are logged.</param>
    public ConnectionResilience(MipSecureOptions options, TimeProvider timeProvider, MipSecureMetrics? metrics = null, ILogger<ConnectionResilience>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _metrics = metrics;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the options the pipelines are built from.</summary>
    public MipSecureOptions Options => _options;

    /// <summary>
    /// Gets the pipeline of <paramref name="endpoint"/>'s server (its <see cref="XProtectEndpoint.ServerKey"/>, <c>host:port</c>),
    /// for stream connections and HTTP requests alike. A transient exception or an <see cref="HttpResponseMessage"/> with a
    /// transient status (408, 429, 5xx) counts as a failure.
    /// </summary>
    /// <param name="endpoint">The server.</param>
    /// <returns>The pipeline, created on first use and then shared.</returns>
    internal ResiliencePipeline For(XProtectEndpoint endpoint) =>
        _pipelines.GetOrAdd((endpoint ?? throw new ArgumentNullException(nameof(endpoint))).ServerKey, Build);

    // SOAP 1.1 sends every fault with HTTP 500: the service has answered, and asking again gets the same answer.
    private static bool IsSoapFault(HttpResponseMessage response) =>
        response.StatusCode == System.Net.HttpStatusCode.InternalServerError
        && response.Content.Headers.ContentType?.MediaType is { } media
        && (string.Equals(media, "text/xml", StringComparison.OrdinalIgnoreCase) || string.Equals(media, "application/soap+xml", StringComparison.OrdinalIgnoreCase));

    private ResiliencePipeline Build(string server)
    {
        var shouldHandle = new PredicateBuilder()
            .Handle<Exception>(TransientFaults.IsTransient)
            .HandleResult(result => result is HttpResponseMessage response && TransientFaults.IsTransient(response.StatusCode) && !IsSoapFault(response));
        var builder = new ResiliencePipelineBuilder { TimeProvider = _timeProvider };
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = _options.TotalTimeout, Name = "total" });
        if (_options.Retry.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = shouldHandle,
                MaxRetryAttempts = _options.Retry.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.Retry.BaseDelay,
                MaxDelay = _options.Retry.MaxDelay,
                DelayGenerator = args => new ValueTask<TimeSpan?>(RetryAfter(args.Outcome.Exception, args.Outcome.Result as HttpResponseMessage)),
                OnRetry = args =>
                {
                    var response = args.Outcome.Result as HttpResponseMessage;
                    var reason = Describe(args.Outcome.Exception, response);

                    // A failed response is dropped for a new attempt: release its connection now.
                    response?.Dispose();
                    return OnRetry(server, args.RetryDelay, args.AttemptNumber, reason);
                },
            });
        }

        if (_options.CircuitBreaker.Enabled)
        {
            builder.AddCircuitBreaker(ConfigureBreaker<CircuitBreakerStrategyOptions, object>(new CircuitBreakerStrategyOptions { ShouldHandle = shouldHandle }, server));
        }

        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = _options.AttemptTimeout, Name = "attempt" });
        return builder.Build();
    }

    private TOptions ConfigureBreaker<TOptions, TResult>(TOptions options, string server)
        where TOptions : CircuitBreakerStrategyOptions<TResult>
    {
        var settings = _options.CircuitBreaker;
        options.FailureRatio = settings.FailureRatio;
        options.MinimumThroughput = settings.MinimumThroughput;
        options.SamplingDuration = settings.SamplingDuration;
        options.BreakDuration = settings.BreakDuration;
        options.OnOpened = args =>
        {
            Log.CircuitOpened(_logger, server, args.BreakDuration);
            _metrics?.CircuitChanged(server, "open");
            return default;
        };
        options.OnHalfOpened = _ =>
        {
            Log.CircuitHalfOpened(_logger, server);
            _metrics?.CircuitChanged(server, "half_open");
            return default;
        };
        options.OnClosed = _ =>
        {
            Log.CircuitClosed(_logger, server);
            _metrics?.CircuitChanged(server, "closed");
            return default;
        };
        return options;
    }

    private ValueTask OnRetry(string server, TimeSpan delay, int attemptNumber, string reason)
    {
        Log.RetryScheduled(_logger, server, delay, attemptNumber + 1, reason);
        _metrics?.RetryScheduled(server, reason);
        return default;
    }

    private TimeSpan? RetryAfter(Exception? exception, HttpResponseMessage? response)
    {
        TimeSpan? asked = null;
        if (exception is ITransientFailure { RetryAfter: { } fromServer })
        {
            asked = fromServer;
        }
        else if (response?.Headers.RetryAfter is { } header)
        {
            asked = header.Delta ?? (header.Date is { } date ? date - _timeProvider.GetUtcNow() : null);
        }

        if (asked is null)
        {
            return null;
        }

        // A server may ask for anything; stay within the configured bounds.
        var delay = asked.Value < TimeSpan.Zero ? TimeSpan.Zero : asked.Value;
        return delay > _options.Retry.MaxDelay ? _options.Retry.MaxDelay : delay;
    }

    private static string Describe(Exception? exception, HttpResponseMessage? response) => exception switch
    {
        MipSecureException coded => coded.Code.Id,
        TimeoutRejectedException => "timeout",
        null when response is not null => "http_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
        null => "unknown",
        _ => exception.GetType().Name,
    };
}
