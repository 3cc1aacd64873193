using System;

namespace MipSecure.Resilience;

/// <summary>
/// What a failure tells the pipelines about itself: whether another attempt may help and how long the server asked to wait.
/// The connection exceptions implement it, so the pipelines need not know them.
/// </summary>
internal interface ITransientFailure
{
    /// <summary>Gets whether trying again may help.</summary>
    bool IsTransient { get; }

    /// <summary>Gets how long the server asked the client to wait before trying again, when it said so.</summary>
    TimeSpan? RetryAfter { get; }
}
