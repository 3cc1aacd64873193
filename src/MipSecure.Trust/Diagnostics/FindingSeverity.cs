namespace MipSecure.Trust.Diagnostics;

/// <summary>How serious a finding is. An <see cref="Error"/> means the connection must not be trusted.</summary>
public enum FindingSeverity
{
    /// <summary>Worth knowing; nothing to fix.</summary>
    Info = 0,

    /// <summary>Works today but needs attention (for example a certificate that expires soon).</summary>
    Warning = 1,

    /// <summary>The server must not be trusted until this is fixed.</summary>
    Error = 2,
}
