namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC4050: a scheduled audit of the site did not finish within its time limit (the watch interval).</summary>
    public static readonly MipSecCode AuditTimedOut = new("MIPSEC4050", "Audit did not finish in time", FindingSeverity.Error);

    /// <summary>MIPSEC4051: the address the watcher serves its metrics and health endpoints on cannot be listened on.</summary>
    public static readonly MipSecCode ListenAddressUnavailable = new("MIPSEC4051", "Cannot listen on the metrics address", FindingSeverity.Error);

    /// <summary>MIPSEC4052: a scheduled audit of the site failed for a reason without a code of its own.</summary>
    public static readonly MipSecCode AuditFailed = new("MIPSEC4052", "Audit failed", FindingSeverity.Error);
}
