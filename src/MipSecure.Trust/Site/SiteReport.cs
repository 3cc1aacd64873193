using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Site;

/// <summary>
/// The verdict on a site: every finding with its location, grouped per server, in a stable order. How it is shown (text,
/// JSON, SARIF, build diagnostics) and the exit code it gives are the tool's and the build's business.
/// </summary>
public sealed class SiteReport
{
    internal SiteReport(string? configurationPath, DateTimeOffset checkedAt, IReadOnlyList<ServerConfiguration> servers, IEnumerable<SiteFinding> findings, IEnumerable<ServerConfiguration> trustChecked)
    {
        ConfigurationPath = configurationPath;
        CheckedAt = checkedAt.ToUniversalTime();
        var serverIndex = new Dictionary<ServerConfiguration, int>();
        for (var i = 0; i < servers.Count; i++)
        {
            serverIndex[servers[i]] = i;
        }

        // Causes first, then file order: it is the order a reader of mipsecure.json (and of MSBuild output) expects.
        var ordered = findings
            .OrderBy(CauseRank)
            .ThenBy(f => f.Location.Line == 0 ? int.MaxValue : f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.Server is null ? -1 : serverIndex.TryGetValue(f.Server, out var index) ? index : int.MaxValue)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Code.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Message, StringComparer.Ordinal)
            .ToList();

        // Each consequence right after its cause.
        var present = new HashSet<SiteFinding>(ordered);
        Findings = ordered
            .Where(f => f.Cause is null || !present.Contains(f.Cause))
            .SelectMany(f => new[] { f }.Concat(ordered.Where(c => ReferenceEquals(c.Cause, f))))
            .ToList();
        foreach (var cause in Findings.Where(f => f.Consequences.Count > 0))
        {
            cause.OrderConsequences(Findings);
        }

        var checkedServers = new HashSet<ServerConfiguration>(trustChecked);
        Servers = servers
            .Select(s => new ServerReport(s, ByImportance(Findings.Where(f => ReferenceEquals(f.Server, s))), checkedServers.Contains(s)))
            .ToList();
        SiteFindings = ByImportance(Findings.Where(f => f.Server is null)).ToList();
    }

    /// <summary>Gets the configuration file as the caller named it; <see langword="null"/> for a site built in code.</summary>
    public string? ConfigurationPath { get; }

    /// <summary>Gets the UTC time the certificates were judged at.</summary>
    public DateTimeOffset CheckedAt { get; }

    /// <summary>
    /// Gets every finding: causes first (unreadable input, then findings that explain others), each followed by its
    /// <see cref="SiteFinding.Consequences"/>; then in file order (line, column), then by server, severity and code.
    /// </summary>
    public IReadOnlyList<SiteFinding> Findings { get; }

    /// <summary>Gets one report per server, in the order of <see cref="SiteConfiguration.Servers"/>.</summary>
    public IReadOnlyList<ServerReport> Servers { get; }

    /// <summary>Gets the findings that concern no single server: the file itself and the trust lists.</summary>
    public IReadOnlyList<SiteFinding> SiteFindings { get; }

    /// <summary>Gets the findings that others follow from (<see cref="SiteFinding.Consequences"/> not empty), in report order.</summary>
    public IReadOnlyList<SiteFinding> Causes => Findings.Where(f => f.Consequences.Count > 0).ToList();

    /// <summary>Gets the number of findings that follow from a cause in this report.</summary>
    public int ConsequenceCount => Findings.Count(f => f.Cause is not null);

    /// <summary>Gets the number of error findings.</summary>
    public int ErrorCount => Findings.Count(f => f.Severity == FindingSeverity.Error);

    /// <summary>Gets the number of warning findings.</summary>
    public int WarningCount => Findings.Count(f => f.Severity == FindingSeverity.Warning);

    /// <summary>Gets the number of information findings.</summary>
    public int InfoCount => Findings.Count(f => f.Severity == FindingSeverity.Info);

    /// <summary>Gets whether any finding is an error.</summary>
    public bool HasErrors => ErrorCount > 0;

    /// <summary>Gets the overall outcome.</summary>
    public SiteVerdict Verdict => HasErrors ? SiteVerdict.Failed : WarningCount > 0 ? SiteVerdict.PassedWithWarnings : SiteVerdict.Passed;

    /// <summary>
    /// Gets whether an error says input could not be read (<see cref="MipSecCodeCategory.UnreadableInput"/>): a file, the
    /// JSON, a PFX password. What could not be read was not judged, and it may cause other findings.
    /// </summary>
    public bool HasUnreadableInput => Findings.Any(IsUnreadableInput);

    /// <summary>Gets whether a finding with <paramref name="code"/> is present.</summary>
    /// <param name="code">The code.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool Has(MipSecCode code) => Findings.Any(f => f.Code.Equals(code));

    // A file that cannot be read (MIPSEC3xxx) is the cause of the findings that follow from its absence: a CA path with a
    // typo makes every "no trusted CA could be read" error. Then come the findings that explain others (the wrong CA trusted).
    // Causes are reported first, so they are what a reader fixes first.
    private static int CauseRank(SiteFinding finding) => IsUnreadableInput(finding) ? 0 : finding.Consequences.Count > 0 ? 1 : 2;

    private static bool IsUnreadableInput(SiteFinding finding) =>
        finding.Severity == FindingSeverity.Error && finding.Code.Category == MipSecCodeCategory.UnreadableInput;

    private static IEnumerable<SiteFinding> ByImportance(IEnumerable<SiteFinding> findings) =>
        findings
            .OrderBy(CauseRank)
            .ThenByDescending(f => f.Severity)
            .ThenBy(f => f.Code.Id, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.Message, StringComparer.Ordinal);
}
