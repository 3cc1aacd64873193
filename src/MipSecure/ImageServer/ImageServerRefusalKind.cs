namespace MipSecure.ImageServer;

/// <summary>
/// Why a recording server refused an ImageServer request, read from its <c>errorreason</c>. The raw protocol publishes no error
/// numbers for refusals (20001 and its sub-errors belong to the HTTP interface), so the reason text is all there is to go on.
/// </summary>
public enum ImageServerRefusalKind
{
    /// <summary>A reason MipSecure does not recognise; the server's words are quoted. Not retried, and no advice to log in again.</summary>
    Other = 0,

    /// <summary>The token: expired, unknown, or not a VMS token (MIPSEC4016).</summary>
    TokenRejected = 1,

    /// <summary>The recording server has no such camera (MIPSEC4017).</summary>
    UnknownCamera = 2,

    /// <summary>The user may not view the camera (MIPSEC4018).</summary>
    NoPermission = 3,

    /// <summary>The server is busy and asks to retry later (MIPSEC4008); the only refusal that is retried.</summary>
    Busy = 4,
}
