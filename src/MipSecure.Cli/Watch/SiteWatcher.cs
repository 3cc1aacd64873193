using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Watch;

/// <summary>
/// Audits a site on an interval with jitter, keeps the latest result, and logs what changed. Every wait is on the
/// <see cref="TimeProvider"/>, so tests drive thousands of cycles on a fake clock.
/// </summary>
internal sealed class SiteWatcher : BackgroundService
{
    private readonly ISiteSnapshotSource _source;
    private readonly WatchSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly FindingLog _findingLog;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly List<(long Target, TaskCompletionSource Signal)> _waiters = new();
    private WatchState _state = WatchState.Initial;
    private long _announced;

    public SiteWatcher(
        ISiteSnapshotSource source, WatchSettings settings, TimeProvider timeProvider, FindingLog findingLog, ILogger<SiteWatcher> logger, Func<double>? random = null)
    {
        _source = source;
        _settings = settings;
        _timeProvider = timeProvider;
        _findingLog = findingLog;
        _logger = logger;
        _random = random ?? Random.Shared.NextDouble;
    }

    /// <summary>Gets the watcher's current knowledge.</summary>
    public WatchState State => Volatile.Read(ref _state);

    /// <summary>Gets the settings, for the interval gauge.</summary>
    public WatchSettings Settings => _settings;

    /// <summary>Gets whether the audit loop runs.</summary>
    public bool IsRunning => ExecuteTask is { IsCompleted: false };

    /// <summary>Completes once <paramref name="count"/> audits have ended in total, and the wait for the next one has begun.</summary>
    public Task WaitForCyclesAsync(long count, CancellationToken cancellationToken = default)
    {
        lock (_waiters)
        {
            if (_announced >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Runs one audit and records its result.</summary>
    public async Task<WatchState> AuditOnceAsync(CancellationToken cancellationToken)
    {
        var previous = State;
        WatchState next;
        using var limit = new CancellationTokenSource(_settings.EffectiveAuditTimeLimit, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            var snapshot = await _source.CaptureAsync(linked.Token).ConfigureAwait(false);
            next = previous with { Latest = snapshot, LastSuccessAt = snapshot.CompletedAt, LastFailure = null, Completed = previous.Completed + 1 };
            _findingLog.Observe(snapshot);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            next = Failed(previous, new TrustFinding(
                MipSecCodes.AuditTimedOut,
                FindingSeverity.Error,
                $"The audit of {_source.Description} did not finish within {_settings.EffectiveAuditTimeLimit}.",
                "Lower --timeout or raise --concurrency so every server fits in the interval, or lengthen --interval."));
        }
        catch (MipSecureException ex)
        {
            next = Failed(previous, new TrustFinding(ex.Code, FindingSeverity.Error, ex.Message, ex.Remedy));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One failed audit must not end the watch: the next interval tries again, and the failure is served meanwhile.
            next = Failed(previous, new TrustFinding(
                MipSecCodes.AuditFailed,
                FindingSeverity.Error,
                $"The audit of {_source.Description} failed: {ex.GetType().Name}: {ex.Message}",
                "Check the address, the network and the files the audit reads; the watcher tries again at the next interval."));
        }

        Volatile.Write(ref _state, next);
        return next;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        WatchLog.Started(_logger, _source.Description, _settings.Interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            await AuditOnceAsync(stoppingToken).ConfigureAwait(false);

            // The wait is registered before the cycle is announced, so a test that advances a fake clock on the
            // announcement always wakes this wait.
            var delay = _settings.Interval + TimeSpan.FromTicks((long)(_settings.Interval.Ticks * _settings.JitterFraction * _random()));
            var wait = Task.Delay(delay, _timeProvider, stoppingToken);
            Announce(State.Cycles);
            try
            {
                await wait.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
    }

    private WatchState Failed(WatchState previous, TrustFinding failure)
    {
        _findingLog.AuditFailed(_source.Description, failure);
        return previous with { LastFailure = failure, Failed = previous.Failed + 1 };
    }

    private void Announce(long cycles)
    {
        lock (_waiters)
        {
            _announced = cycles;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Target <= cycles)
                {
                    _waiters[i].Signal.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }
        }
    }
}
