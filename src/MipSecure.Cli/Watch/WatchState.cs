using System;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Watch;

/// <summary>What the watcher knows after its latest audit; replaced whole, so readers never see half an update.</summary>
/// <param name="Latest">The latest completed audit; kept when a later one fails, so its figures stay visible.</param>
/// <param name="LastSuccessAt">When an audit last completed.</param>
/// <param name="LastFailure">Why the latest audit failed; <see langword="null"/> when it completed.</param>
/// <param name="Completed">How many audits completed.</param>
/// <param name="Failed">How many audits failed.</param>
internal sealed record WatchState(SiteSnapshot? Latest, DateTimeOffset? LastSuccessAt, TrustFinding? LastFailure, long Completed, long Failed)
{
    public static readonly WatchState Initial = new(null, null, null, 0, 0);

    /// <summary>Gets how many audits ended, completed or failed.</summary>
    public long Cycles => Completed + Failed;

    /// <summary>Gets whether the latest audit completed and found no error.</summary>
    public bool Ready => LastFailure is null && Latest is { HasErrors: false };
}
