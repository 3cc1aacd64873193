using System;
using Microsoft.Extensions.Logging;
using MipSecure.Endpoints;

namespace MipSecure.Diagnostics;

/// <summary>Every log line MipSecure writes. Messages start with the MIPSEC code where there is one, and never hold a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Connected to {Server} ({Encryption})")]
    public static partial void Connected(ILogger logger, XProtectEndpoint server, string encryption);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Retrying {Server} in {Delay} after attempt {Attempt} failed: {Reason}")]
    public static partial void RetryScheduled(ILogger logger, string server, TimeSpan delay, int attempt, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "{Code}: certificate of {Server} refused: {Finding}")]
    public static partial void TrustFailed(ILogger logger, string code, XProtectEndpoint server, string finding);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "MIPSEC4006: circuit opened for {Server} for {BreakDuration} after repeated transient failures")]
    public static partial void CircuitOpened(ILogger logger, string server, TimeSpan breakDuration);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Circuit half-open for {Server}: one trial call is let through")]
    public static partial void CircuitHalfOpened(ILogger logger, string server);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Circuit closed for {Server}: calls flow again")]
    public static partial void CircuitClosed(ILogger logger, string server);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "MIPSEC1006: the certificate of {Server} ({Subject}, thumbprint {Thumbprint}) expires on {NotAfter:u}, in {DaysLeft} days. XProtect will not warn; renew it with the CA and apply it with Server Configurator.")]
    public static partial void CertificateExpiresSoon(ILogger logger, string server, string subject, string thumbprint, DateTimeOffset notAfter, int daysLeft);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "{Code}: {Server}: {Message}")]
    public static partial void ConnectionFailed(ILogger logger, string code, XProtectEndpoint server, string message);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Probed {Server}: {Outcome}")]
    public static partial void Probed(ILogger logger, XProtectEndpoint server, object outcome);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Information, Message = "Logged in to {Server} as {User}; the VMS token expires at {ExpiresAt:u}")]
    public static partial void LoggedIn(ILogger logger, XProtectEndpoint server, string user, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Renewed the {Kind} for {Server}; it expires at {ExpiresAt:u}")]
    public static partial void TokenRenewed(ILogger logger, string kind, XProtectEndpoint server, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "{Code}: renewing the {Kind} for {Server} failed; retrying at {RetryAt:u}, before it expires at {ExpiresAt:u}: {Message}")]
    public static partial void RenewalRetrying(ILogger logger, string code, string kind, XProtectEndpoint server, DateTimeOffset retryAt, DateTimeOffset expiresAt, string message);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Error, Message = "{Code}: renewing the {Kind} for {Server} failed for good: {Message}")]
    public static partial void RenewalFailed(ILogger logger, string code, string kind, XProtectEndpoint server, string message);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "Logout from {Server} failed: {Message}")]
    public static partial void LogoutFailed(ILogger logger, XProtectEndpoint server, string message);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Error, Message = "A handler of the login session's {Event} event threw: {Message}")]
    public static partial void HandlerFailed(ILogger logger, string @event, string message);
}
