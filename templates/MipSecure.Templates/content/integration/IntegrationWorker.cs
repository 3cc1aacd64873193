using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MipSecure.Trust.Diagnostics;

namespace MipApp._1;

/// <summary>Retrieves from the site once (console mode) or every <see cref="IntegrationOptions.Interval"/> (service mode).</summary>
public sealed partial class IntegrationWorker : BackgroundService
{
    private readonly SiteClient _site;
    private readonly IntegrationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<IntegrationWorker> _logger;

    /// <summary>Creates the worker.</summary>
    /// <param name="site">The site client.</param>
    /// <param name="options">The integration options.</param>
    /// <param name="timeProvider">The clock that paces the retrievals.</param>
    /// <param name="lifetime">Stops the application after a console-mode run.</param>
    /// <param name="logger">The log.</param>
    public IntegrationWorker(SiteClient site, IOptions<IntegrationOptions> options, TimeProvider timeProvider, IHostApplicationLifetime lifetime, ILogger<IntegrationWorker> logger)
    {
        _site = site;
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _timeProvider = timeProvider;
        _lifetime = lifetime;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var succeeded = await RetrieveOnceAsync(stoppingToken).ConfigureAwait(false);
            if (_options.RunOnce)
            {
                Environment.ExitCode = succeeded ? 0 : 1;
                _lifetime.StopApplication();
                return;
            }

            try
            {
//#if (IsNetFramework)
                await _timeProvider.Delay(_options.Interval, stoppingToken).ConfigureAwait(false);
//#else
                await Task.Delay(_options.Interval, _timeProvider, stoppingToken).ConfigureAwait(false);
//#endif
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task<bool> RetrieveOnceAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _site.RetrieveAsync(stoppingToken).ConfigureAwait(false);
            return true;
        }
        catch (MipSecureException error)
        {
            // The code links to its explanation; the message says what failed, where, and how to fix it.
            LogFailed(_logger, error.Code.Id, error.Detail + " " + error.Remedy, error.Code.HelpLink);
            return false;
        }
        catch (InvalidOperationException error)
        {
            LogMisconfigured(_logger, error.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "{Code}: {Message} See {HelpLink}")]
    private static partial void LogFailed(ILogger logger, string code, string message, string helpLink);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "{Message}")]
    private static partial void LogMisconfigured(ILogger logger, string message);
}
