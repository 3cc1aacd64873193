namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC4015: the server answered 403: the user logged in, but no role of the user grants what the request needs.</summary>
    public static readonly MipSecCode RoleMissing = new("MIPSEC4015", "User lacks the needed role", FindingSeverity.Error);

    /// <summary>MIPSEC4016: a recording server refused the token on ImageServer <c>connect</c>: expired, unknown, or not a VMS token from ServerCommandService Login.</summary>
    public static readonly MipSecCode VmsTokenRejected = new("MIPSEC4016", "Recording server refused the token", FindingSeverity.Error);

    /// <summary>MIPSEC4017: a recording server refused ImageServer <c>connect</c> because it has no such camera.</summary>
    public static readonly MipSecCode CameraNotOnRecorder = new("MIPSEC4017", "Camera unknown to the recording server", FindingSeverity.Error);

    /// <summary>MIPSEC4018: a recording server refused ImageServer <c>connect</c> because the user may not view the camera.</summary>
    public static readonly MipSecCode CameraAccessDenied = new("MIPSEC4018", "No permission for the camera", FindingSeverity.Error);

    /// <summary>MIPSEC4019: a recording server refused ImageServer <c>connect</c> for a reason MipSecure does not classify; the message quotes it.</summary>
    public static readonly MipSecCode ImageServerRefused = new("MIPSEC4019", "Recording server refused the connection", FindingSeverity.Error);

    /// <summary>MIPSEC4020: a token could not be renewed before it expired: every renewal attempt within its lifetime failed transiently.</summary>
    public static readonly MipSecCode TokenRenewalFailed = new("MIPSEC4020", "Token expired before it could be renewed", FindingSeverity.Error);

    /// <summary>MIPSEC4021: a login would send a password or HTTP Basic credentials over plain http; MipSecure refuses to send them.</summary>
    public static readonly MipSecCode CredentialsOverPlaintext = new("MIPSEC4021", "Credentials would be sent unencrypted", FindingSeverity.Error);

    /// <summary>MIPSEC4022: the answer to ServerCommandService Login or to the token request could not be read (no token, no lifetime, not XML or JSON).</summary>
    public static readonly MipSecCode LoginAnswerInvalid = new("MIPSEC4022", "Login answer unreadable", FindingSeverity.Error);

    /// <summary>MIPSEC4023: the Windows (Negotiate/NTLM) login could not be made on this machine, or the identity provider did not offer it.</summary>
    public static readonly MipSecCode WindowsLoginUnavailable = new("MIPSEC4023", "Windows login not possible", FindingSeverity.Error);

    /// <summary>MIPSEC4024: the audit proved the login on a recording server without a frame: no camera was named or listed for it, so only ImageServer <c>connect</c> was judged.</summary>
    public static readonly MipSecCode LoginProvenWithoutFrame = new("MIPSEC4024", "Login proven without a frame", FindingSeverity.Info);
}
