using System;
using System.ComponentModel.DataAnnotations;

namespace MipApp._1;

/// <summary>The XProtect site this integration talks to: the <c>Integration</c> section of appsettings.json.</summary>
public sealed class IntegrationOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Integration";

//#if (IsRecording)
    /// <summary>Gets or sets the management server that issues the login token, for example https://mgmt.contoso.local/.</summary>
    [Required]
    public string ManagementServerUri { get; set; } = string.Empty;

    /// <summary>Gets or sets the recording server's web server URI: https means its encryption is on, and only TLS is accepted then.</summary>
    [Required]
    public string RecordingServerUri { get; set; } = string.Empty;

    /// <summary>Gets or sets the camera to retrieve frames from.</summary>
    public Guid CameraId { get; set; }

    /// <summary>Gets or sets the XProtect basic user the integration logs in as.</summary>
    [Required]
    public string UserName { get; set; } = string.Empty;

    /// <summary>Gets or sets the environment variable that holds the user's password; the password never goes in a file.</summary>
    [Required]
    public string PasswordVariable { get; set; } = "XPROTECT_PASSWORD";
//#else
    /// <summary>Gets or sets the mobile server's address: https (port 8082) means its encryption is on, and only TLS is accepted then.</summary>
    [Required]
    public string MobileServerUri { get; set; } = string.Empty;
//#endif

    /// <summary>Gets or sets the time between two retrievals when the integration runs as a service.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets whether to retrieve once and exit (the console mode, <c>--once</c>) instead of running as a service.</summary>
    public bool RunOnce { get; set; }
}
