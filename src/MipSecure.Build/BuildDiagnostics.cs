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
