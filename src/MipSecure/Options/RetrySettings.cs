using System;
using System.ComponentModel.DataAnnotations;

namespace MipSecure.Options;

/// <summary>
/// How transient faults are retried: refused connections, resets, timeouts, temporary name resolution failures,
/// HTTP 408, 429 and 5xx, and ImageServer "retry later" (20001/4). Trust and authorization failures are never retried.
/// </summary>
public sealed class RetrySettings
{
    /// <summary>Gets or sets how many times a failed attempt is retried. Zero turns retries off.</summary>
    /// <value>The default value is 3.</value>
    [Range(0, 20)]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the first backoff delay; later delays grow exponentially, with jitter.</summary>
    /// <value>The default value is 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest delay between two attempts, including a server's Retry-After.</summary>
    /// <value>The default value is 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);
}
