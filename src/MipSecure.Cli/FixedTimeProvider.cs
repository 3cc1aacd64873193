using System;

namespace MipSecure.Cli;

/// <summary>A clock that always says the time given with <c>--at</c>, so a check answers "would this site pass then?".</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
}
