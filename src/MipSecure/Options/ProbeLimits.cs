using System;
using System.Globalization;

namespace MipSecure.Options;

/// <summary>
/// The ranges and defaults of <see cref="ProbeSettings"/>, defined once: the options' validation, the tool's
/// <c>--timeout</c> and <c>--concurrency</c> and the docs state these numbers.
/// </summary>
public static class ProbeLimits
{
    /// <summary>The fewest targets probed at once.</summary>
    public const int MinConcurrency = 1;

    /// <summary>The most targets probed at once.</summary>
    public const int MaxConcurrency = 1024;

    /// <summary>How many targets are probed at once unless set.</summary>
    public const int DefaultConcurrency = 8;

    /// <summary>The shortest time a target may be given, as <see cref="TimeSpan"/> text (attributes take constants only).</summary>
    public const string MinTimeoutText = "00:00:00.010";

    /// <summary>The longest time a target may be given, as <see cref="TimeSpan"/> text.</summary>
    public const string MaxTimeoutText = "00:10:00";

    /// <summary>Gets the shortest time a target may be given: 10 ms.</summary>
    public static TimeSpan MinTimeout { get; } = TimeSpan.Parse(MinTimeoutText, CultureInfo.InvariantCulture);

    /// <summary>Gets the longest time a target may be given: 10 minutes.</summary>
    public static TimeSpan MaxTimeout { get; } = TimeSpan.Parse(MaxTimeoutText, CultureInfo.InvariantCulture);

    /// <summary>Gets the time a target is given unless set: 5 seconds.</summary>
    public static TimeSpan DefaultTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Tells whether <paramref name="concurrency"/> is within <see cref="MinConcurrency"/> and <see cref="MaxConcurrency"/>.</summary>
    /// <param name="concurrency">How many targets to probe at once.</param>
    /// <returns><see langword="true"/> when it is in range.</returns>
    public static bool IsValidConcurrency(int concurrency) => concurrency is >= MinConcurrency and <= MaxConcurrency;

    /// <summary>Tells whether <paramref name="timeout"/> is within <see cref="MinTimeout"/> and <see cref="MaxTimeout"/>.</summary>
    /// <param name="timeout">The time one target may take.</param>
    /// <returns><see langword="true"/> when it is in range.</returns>
    public static bool IsValidTimeout(TimeSpan timeout) => timeout >= MinTimeout && timeout <= MaxTimeout;
}
