using System;
using Microsoft.Extensions.Logging;

namespace MipSecure.Cli.Watch;

/// <summary>Every line the watcher logs. Findings start with their MIPSEC code; no line holds a password or token.</summary>
internal static partial class WatchLog
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Watching {Site} every {Interval}")]
    public static partial void Started(ILogger logger, string site, TimeSpan interval);

    [LoggerMessage(EventId = 4201, Message = "{Code}: {Server}: {Message} {Remedy}")]
    public static partial void Finding(ILogger logger, LogLevel level, string code, string server, string message, string remedy);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "{Code} resolved: {Server}")]
    public static partial void Resolved(ILogger logger, string code, string server);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "{Code}: the audit of {Site} failed: {Message} {Remedy}")]
    public static partial void AuditFailed(ILogger logger, string code, string site, string message, string remedy);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "The audit of {Site} completes again")]
    public static partial void AuditRecovered(ILogger logger, string site);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Information, Message = "Serving /metrics, /healthz and /readyz on {Address}")]
    public static partial void Listening(ILogger logger, string address);
}
