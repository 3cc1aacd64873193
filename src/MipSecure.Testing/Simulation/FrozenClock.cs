using System;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// A clock that always reads one instant. The process-wide CA uses it so every certificate it issues, whenever the
/// site that needed it started, has the same validity for the same profile: reports that sort by expiry stay stable.
/// </summary>
internal sealed class FrozenClock : TimeProvider
{
    private readonly DateTimeOffset _now;

    public FrozenClock(DateTimeOffset now)
    {
        _now = now;
    }

    public override DateTimeOffset GetUtcNow() => _now;
}
