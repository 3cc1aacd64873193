using System;
using System.ComponentModel.DataAnnotations;

namespace MipSecure.Options;

/// <summary>How active encryption probes run: each target gets a fixed time, and only so many run at once.</summary>
public sealed class ProbeSettings
{
    /// <summary>Gets or sets the time one target may take; a target that hangs is reported unreachable when it runs out.</summary>
    /// <value>The default value is 5 seconds (<see cref="ProbeLimits.DefaultTimeout"/>); from 10 ms to 10 minutes (<see cref="ProbeLimits"/>).</value>
    [Range(typeof(TimeSpan), ProbeLimits.MinTimeoutText, ProbeLimits.MaxTimeoutText)]
    public TimeSpan Timeout { get; set; } = ProbeLimits.DefaultTimeout;

    /// <summary>Gets or sets how many targets are probed at the same time.</summary>
    /// <value>The default value is 8 (<see cref="ProbeLimits.DefaultConcurrency"/>); from 1 to 1024 (<see cref="ProbeLimits"/>).</value>
    [Range(ProbeLimits.MinConcurrency, ProbeLimits.MaxConcurrency)]
    public int MaxConcurrency { get; set; } = ProbeLimits.DefaultConcurrency;
}
