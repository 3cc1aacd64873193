using System;
using System.ComponentModel.DataAnnotations;

namespace MipSecure.Options;

/// <summary>
/// The circuit breaker each server gets: after too many transient failures, calls to that server fail fast for a while.
/// Trust and authorization failures never count toward it.
/// </summary>
public sealed class CircuitBreakerSettings
{
    /// <summary>Gets or sets whether each server has a circuit breaker.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the share of failed calls within <see cref="SamplingDuration"/> that opens the circuit.</summary>
    /// <value>The default value is 0.5.</value>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    /// <summary>Gets or sets how many calls must be seen within <see cref="SamplingDuration"/> before the ratio counts.</summary>
    /// <value>The default value is 5.</value>
    [Range(2, 10000)]
    public int MinimumThroughput { get; set; } = 5;

    /// <summary>Gets or sets the window over which failures are counted.</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long an open circuit refuses calls before one trial call is let through.</summary>
    /// <value>The default value is 15 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
