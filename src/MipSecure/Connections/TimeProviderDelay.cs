using System;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Connections;

/// <summary>Delays and cancellation timers on a <see cref="TimeProvider"/>, on every target framework.</summary>
internal static class TimeProviderDelay
{
    public static Task Delay(TimeProvider timeProvider, TimeSpan delay, CancellationToken cancellationToken) =>
#if NET
        Task.Delay(delay, timeProvider, cancellationToken);
#else
        timeProvider.Delay(delay, cancellationToken);
#endif

    /// <summary>Cancels <paramref name="source"/> after <paramref name="delay"/>; dispose the result to stop the timer.</summary>
    public static IDisposable CancelAfter(TimeProvider timeProvider, CancellationTokenSource source, TimeSpan delay) =>
        timeProvider.CreateTimer(static state => Cancel((CancellationTokenSource)state!), source, delay, Timeout.InfiniteTimeSpan);

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The operation finished and released its source before the timer fired.
        }
    }
}
