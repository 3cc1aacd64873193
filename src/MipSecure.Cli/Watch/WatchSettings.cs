using System;

namespace MipSecure.Cli.Watch;

/// <summary>How often and how the watcher audits, and what it logs.</summary>
internal sealed class WatchSettings
{
    /// <summary>The default time between audits.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMinutes(15);

    /// <summary>Gets the time between audits. <value>The default value is 15 minutes.</value></summary>
    public TimeSpan Interval { get; init; } = DefaultInterval;

    /// <summary>
    /// Gets the largest share of <see cref="Interval"/> added at random to each wait, so watchers started together do not
    /// audit a site in lockstep. <value>The default value is 0.1.</value>
    /// </summary>
    public double JitterFraction { get; init; } = 0.1;

    /// <summary>Gets the longest an audit may run before it counts as failed. <value>The default value is <see cref="Interval"/>.</value></summary>
    public TimeSpan? AuditTimeLimit { get; init; }

    /// <summary>Gets whether every open finding is logged again once a UTC day, not only when new. <value>The default value is false.</value></summary>
    public bool RepeatFindingsDaily { get; init; }

    /// <summary>Gets the longest wait between audits, jitter included.</summary>
    public TimeSpan MaxDelay => Interval + TimeSpan.FromTicks((long)(Interval.Ticks * JitterFraction));

    /// <summary>Gets the time limit of one audit.</summary>
    public TimeSpan EffectiveAuditTimeLimit => AuditTimeLimit ?? Interval;
}
