using System;
using System.Collections.Generic;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// A coded finding about a site, with where it points in the site configuration (file, line, column)
/// and the server it concerns: what the loader reports about the file and what the site check reports about the site.
/// MSBuild, the CLI and SARIF output read the location from here.
/// </summary>
public sealed class SiteFinding
{
    private readonly List<SiteFinding> _consequences = new();

    /// <summary>Creates a finding.</summary>
    /// <param name="finding">The coded finding.</param>
    /// <param name="location">Where it points in the configuration.</param>
    /// <param name="server">The server it concerns; <see langword="null"/> for the site as a whole.</param>
    public SiteFinding(TrustFinding finding, SourceLocation location, ServerConfiguration? server = null)
    {
        Finding = finding ?? throw new ArgumentNullException(nameof(finding));
        Location = location ?? throw new ArgumentNullException(nameof(location));
        Server = server;
    }

    /// <summary>Gets the coded finding.</summary>
    public TrustFinding Finding { get; }

    /// <summary>Gets where the finding points in the configuration.</summary>
    public SourceLocation Location { get; }

    /// <summary>Gets the server the finding concerns; <see langword="null"/> for the site as a whole.</summary>
    public ServerConfiguration? Server { get; }

    /// <summary>
    /// Gets the finding this one follows from (for example the unreadable CA file behind "no trusted CA"), so that a reader fixes
    /// that one first; <see langword="null"/> when it stands on its own. The site check sets it.
    /// </summary>
    public SiteFinding? Cause { get; private set; }

    /// <summary>Gets the findings that follow from this one, in report order; empty unless it is a cause.</summary>
    public IReadOnlyList<SiteFinding> Consequences => _consequences;

    /// <summary>Gets the stable code.</summary>
    public MipSecCode Code => Finding.Code;

    /// <summary>Gets the severity.</summary>
    public FindingSeverity Severity => Finding.Severity;

    /// <summary>Gets what is wrong.</summary>
    public string Message => Finding.Message;

    /// <summary>Gets how to fix it.</summary>
    public string Remedy => Finding.Remedy;

    /// <summary>Gets the name of the server concerned, if any.</summary>
    public string? ServerName => Server?.Name;

    /// <summary>Gets the role of the server concerned, if any.</summary>
    public ServerRole? ServerRole => Server?.Role;

    /// <summary>Creates a finding with the code's default severity.</summary>
    /// <param name="code">The code.</param>
    /// <param name="location">Where it points.</param>
    /// <param name="server">The server concerned, if any.</param>
    /// <param name="message">What is wrong.</param>
    /// <param name="remedy">How to fix it.</param>
    /// <returns>The finding.</returns>
    public static SiteFinding Create(MipSecCode code, SourceLocation location, ServerConfiguration? server, string message, string remedy)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        return new SiteFinding(new TrustFinding(code, code.DefaultSeverity, message, remedy), location, server);
    }

    // One level only: a consequence is never a cause, and it has one cause.
    internal void Explains(SiteFinding consequence)
    {
        if (consequence.Cause is not null || consequence._consequences.Count > 0 || ReferenceEquals(consequence, this) || Cause is not null)
        {
            return;
        }

        consequence.Cause = this;
        _consequences.Add(consequence);
    }

    // The report's order, so that the consequences read as the report lists them.
    internal void OrderConsequences(IReadOnlyList<SiteFinding> reportOrder)
    {
        var ordered = new List<SiteFinding>();
        foreach (var finding in reportOrder)
        {
            if (ReferenceEquals(finding.Cause, this))
            {
                ordered.Add(finding);
            }
        }

        ordered.AddRange(_consequences.FindAll(c => !ordered.Contains(c)));
        _consequences.Clear();
        _consequences.AddRange(ordered);
    }

    /// <summary>Formats the finding as MSBuild and compilers do: <c>file(line,column): error MIPSEC2001: message</c>.</summary>
    /// <returns>One line of text.</returns>
    public override string ToString()
    {
        var where = Location.ToString();
        var prefix = where.Length == 0 ? string.Empty : where + ": ";
        return $"{prefix}{SeverityText(Severity)} {Code.Id}: {Message}";
    }

    private static string SeverityText(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };
}
