namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC4001: the server could not be reached (connection refused, reset or no route), even after retrying.</summary>
    public static readonly MipSecCode ServerUnreachable = new("MIPSEC4001", "Server unreachable", FindingSeverity.Error);

    /// <summary>MIPSEC4002: the server's host name could not be resolved to an address.</summary>
    public static readonly MipSecCode HostNameNotResolved = new("MIPSEC4002", "Host name not resolved", FindingSeverity.Error);

    /// <summary>MIPSEC4003: the configuration says https, but the port answered without TLS; the connection was refused rather than downgraded.</summary>
    public static readonly MipSecCode PlaintextOnEncryptedEndpoint = new("MIPSEC4003", "Encrypted endpoint answered in plaintext", FindingSeverity.Error);

    /// <summary>MIPSEC4004: the configuration says http, but the port speaks TLS.</summary>
    public static readonly MipSecCode TlsOnPlaintextEndpoint = new("MIPSEC4004", "Plaintext endpoint speaks TLS", FindingSeverity.Warning);

    /// <summary>MIPSEC4005: a connection or request did not finish within its timeout.</summary>
    public static readonly MipSecCode ConnectionTimedOut = new("MIPSEC4005", "Connection timed out", FindingSeverity.Error);

    /// <summary>MIPSEC4006: recent transient failures opened the circuit breaker for this server; calls are refused for a while.</summary>
    public static readonly MipSecCode CircuitOpen = new("MIPSEC4006", "Server temporarily skipped after repeated failures", FindingSeverity.Error);

    /// <summary>MIPSEC4007: the server refused the credentials or token (HTTP 401/403, ImageServer 20001/1-3).</summary>
    public static readonly MipSecCode AuthorizationFailed = new("MIPSEC4007", "Server refused the credentials", FindingSeverity.Error);

    /// <summary>MIPSEC4008: the server kept asking to retry later (HTTP 408/429/5xx, ImageServer 20001/4) until the retries ran out.</summary>
    public static readonly MipSecCode ServerBusy = new("MIPSEC4008", "Server busy", FindingSeverity.Error);

    /// <summary>MIPSEC4009: an endpoint URI is not an absolute http or https URI.</summary>
    public static readonly MipSecCode UnsupportedEndpointUri = new("MIPSEC4009", "Endpoint URI not http or https", FindingSeverity.Error);

    /// <summary>MIPSEC4010: the management server's discovery answer could not be read (not JSON, cut short, or missing fields).</summary>
    public static readonly MipSecCode DiscoveryResponseInvalid = new("MIPSEC4010", "Discovery answer unreadable", FindingSeverity.Error);

    /// <summary>MIPSEC4011: the recording server's ImageServer answer broke the protocol (too large, cut short, or not the expected message).</summary>
    public static readonly MipSecCode ImageServerProtocolError = new("MIPSEC4011", "ImageServer protocol error", FindingSeverity.Error);

    /// <summary>MIPSEC4012: the TLS handshake failed for a reason other than the certificate (no common protocol version or cipher suite).</summary>
    public static readonly MipSecCode TlsHandshakeFailed = new("MIPSEC4012", "TLS handshake failed", FindingSeverity.Error);

    /// <summary>MIPSEC4013: the MipSecure options are invalid (missing CA certificates, a timeout out of range, a malformed address override).</summary>
    public static readonly MipSecCode InvalidOptions = new("MIPSEC4013", "Invalid MipSecure options", FindingSeverity.Error);

    /// <summary>MIPSEC4014: the server answered with an unexpected HTTP status.</summary>
    public static readonly MipSecCode UnexpectedHttpStatus = new("MIPSEC4014", "Unexpected HTTP status", FindingSeverity.Error);

    /// <summary>MIPSEC4030: the user logged in but its role may not read the site configuration (HTTP 403 on the REST API).</summary>
    public static readonly MipSecCode ConfigurationAccessDenied = new("MIPSEC4030", "User may not read the configuration", FindingSeverity.Error);

    /// <summary>MIPSEC4031: a recording server refused the login token on an ImageServer connect.</summary>
    public static readonly MipSecCode RecorderRefusedToken = new("MIPSEC4031", "Recording server refused the login token", FindingSeverity.Error);

    /// <summary>MIPSEC4032: a recording server accepted the login but did not deliver a frame from the camera asked for.</summary>
    public static readonly MipSecCode CameraFrameNotDelivered = new("MIPSEC4032", "No frame from the camera", FindingSeverity.Error);

    /// <summary>MIPSEC4033: the login could not be proven on a recording server because it could not be reached or its certificate was not trusted.</summary>
    public static readonly MipSecCode LoginProofNotPossible = new("MIPSEC4033", "Login not proven on a recording server", FindingSeverity.Warning);
}
