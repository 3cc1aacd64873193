using System;
using Microsoft.Build.Utilities;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Build;

/// <summary>
/// Turns MipSecure findings into MSBuild errors, warnings and messages, each with its MIPSEC code, file, line and help link,
/// so that IDEs jump to the entry and users tune severity with WarningsAsErrors and NoWarn.
/// </summary>
internal sealed class BuildDiagnostics
{
    private const string Subcategory = "MipSecure";
    private readonly TaskLoggingHelper _log;

    public BuildDiagnostics(TaskLoggingHelper log)
    {
        _log = log;
    }

    /// <summary>Gets the number of error findings reported.</summary>
    public int Errors { get; private set; }

    /// <summary>Gets the number of warning findings reported.</summary>
    public int Warnings { get; private set; }

    public void Report(TrustFinding finding, DiagnosticLocation location) =>
        Report(finding.Code, finding.Severity, Compose(finding.Message, finding.Remedy), location);

    /// <summary>Reports an exception MipSecure threw on purpose (unreadable input) as an error at <paramref name="location"/>.</summary>
    public void Report(MipSecureException exception, DiagnosticLocation location) =>
        Report(exception.Code, FindingSeverity.Error, MessageWithoutCodeAndRemedy(exception), exception.Remedy, location);

    public void Report(MipSecCode code, FindingSeverity severity, string message, string remedy, DiagnosticLocation location) =>
        Report(code, severity, Compose(message, remedy), location);

    private void Report(MipSecCode code, FindingSeverity severity, string text, DiagnosticLocation location)
    {
        switch (severity)
        {
            case FindingSeverity.Error:
                Errors++;
                _log.LogError(Subcategory, code.Id, code.Id, code.HelpLink, location.File, location.Line, location.Column, 0, 0, text);
                break;
            case FindingSeverity.Warning:
                Warnings++;
                _log.LogWarning(Subcategory, code.Id, code.Id, code.HelpLink, location.File, location.Line, location.Column, 0, 0, text);
                break;
            default:
                _log.LogMessage(Subcategory, code.Id, code.Id, location.File, location.Line, location.Column, 0, 0, Microsoft.Build.Framework.MessageImportance.Normal, text);
                break;
        }
    }

    private static string MessageWithoutCodeAndRemedy(MipSecureException exception)
    {
        // The exception's message is "<code>: <what and where> <remedy>"; the code and the remedy are reported on their own.
        var message = exception.Message;
        var prefix = exception.Code.Id + ": ";
        if (message.StartsWith(prefix, StringComparison.Ordinal))
        {
            message = message.Substring(prefix.Length);
        }

        if (exception.Remedy.Length > 0 && message.EndsWith(exception.Remedy, StringComparison.Ordinal))
        {
            message = message.Substring(0, message.Length - exception.Remedy.Length).TrimEnd();
        }

        return message;
    }

    private static string Compose(string message, string remedy)
    {
        // MSBuild prints the code before the text, so the text does not repeat it.
        var body = message.TrimEnd();
        if (!string.IsNullOrEmpty(remedy))
        {
            body += (body.EndsWith(".", StringComparison.Ordinal) ? " " : ". ") + remedy.Trim();
        }

        return body;
    }
}
