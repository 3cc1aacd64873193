using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace MipSecure.Tests.TestSupport;

/// <summary>
/// A fake clock that tells the test when code under test starts waiting on a short timer (a retry delay), so the test can
/// advance exactly that far. Timers at or above <see cref="ShortTimerLimit"/> (timeouts) are left for the test to fire on purpose.
/// </summary>
internal sealed class SignallingClock : TimeProvider
{
    private readonly Channel<DateTimeOffset> _shortTimers = Channel.CreateUnbounded<DateTimeOffset>();

    public SignallingClock(DateTimeOffset start, TimeSpan shortTimerLimit)
    {
        Fake = new FakeTimeProvider(start);
        ShortTimerLimit = shortTimerLimit;
    }

    /// <summary>Gets the real time after which a driven operation that makes no progress fails the test instead of hanging it.</summary>
    public static TimeSpan StallLimit { get; } = TimeSpan.FromSeconds(60);

    public FakeTimeProvider Fake { get; }

    public TimeSpan ShortTimerLimit { get; }

    public TimeSpan Advanced { get; private set; }

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime < ShortTimerLimit)
        {
            _shortTimers.Writer.TryWrite(Fake.GetUtcNow() + dueTime);
        }

        return timer;
    }

    /// <summary>Completes with the due instant of the next short timer started (consumes it).</summary>
    public Task<DateTimeOffset> NextShortTimer() => _shortTimers.Reader.ReadAsync().AsTask();

    public void Advance(TimeSpan by)
    {
        Advanced += by;
        Fake.Advance(by);
    }

    /// <summary>Runs <paramref name="operation"/> to its end, advancing the clock over every short wait it starts (at most <paramref name="maxWaits"/>).</summary>
    /// <exception cref="TimeoutException">The operation neither ended nor started a short wait for <see cref="StallLimit"/> of real time.</exception>
    public async Task<T> DriveAsync<T>(Task<T> operation, int maxWaits = 100)
    {
        for (var waits = 0; waits <= maxWaits; waits++)
        {
            // Waiting consumes nothing: a wait abandoned when the operation ends cannot swallow the signal that a later
            // DriveAsync or NextShortTimer on this clock waits for.
            var next = _shortTimers.Reader.WaitToReadAsync().AsTask();
            using var watchdog = new CancellationTokenSource();
            var stalled = Task.Delay(StallLimit, watchdog.Token);
            var first = await Task.WhenAny(operation, next, stalled);
            watchdog.Cancel();
            if (first == operation)
            {
                return await operation;
            }

            if (first == stalled)
            {
                // Only a long timer (a timeout the test must fire itself) or a server that never answers can get here.
                throw new TimeoutException($"The operation made no progress for {StallLimit.TotalSeconds} s of real time after {waits} short timer wait(s) on the fake clock.");
            }

            // A timer whose moment has already passed (fired, or overtaken by a longer advance) needs no advance.
            if (!_shortTimers.Reader.TryRead(out var due))
            {
                continue;
            }

            var now = Fake.GetUtcNow();
            if (due > now)
            {
                Advance(due - now);
            }
        }

        throw new InvalidOperationException($"The operation was still waiting after {maxWaits} timer waits.");
    }

    public async Task DriveAsync(Task operation, int maxWaits = 100) =>
        await DriveAsync(operation.ContinueWith(t => { t.GetAwaiter().GetResult(); return true; }, TaskScheduler.Default), maxWaits);
}
