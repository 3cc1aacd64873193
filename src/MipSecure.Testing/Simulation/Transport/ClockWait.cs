using System;
using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Testing.Simulation.Transport;

/// <summary>Waits until an absolute time on a <see cref="TimeProvider"/>, including a fake clock moved at any moment.</summary>
internal static class ClockWait
{
    public static async Task UntilAsync(TimeProvider clock, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var wait = due - clock.GetUtcNow();
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using var stopWaiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(wait, clock, stopWaiting.Token);

        // A clock moved forward between reading it and creating the timer would leave the timer waiting a full interval
        // more; reading the clock again after creating it closes that window.
        if (clock.GetUtcNow() >= due)
        {
            await stopWaiting.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return;
        }

        await delay.ConfigureAwait(false);
    }
}
