using System;
using System.Linq;
using MipSecure.Trust.Configuration;

namespace MipSecure.Trust.Site;

/// <summary>
/// Checks a site against the XProtect encryption rules: R5 and R6 (who must have encryption on), R8 (who must trust whom),
/// R1-R4 for every server certificate and host, private keys, trust lists and contradictions.
/// The build task, the CLI, the simulator and the client all call it.
/// </summary>
public static class SiteChecker
{
    /// <summary>Checks a site described in code or already loaded.</summary>
    /// <param name="configuration">The site.</param>
    /// <param name="options">The clock and environment; <see langword="null"/> for the defaults.</param>
    /// <returns>The report.</returns>
    public static SiteReport Check(SiteConfiguration configuration, SiteCheckOptions? options = null)
    {
        if (configuration is null)
        {
            throw new ArgumentNullException(nameof(configuration));
        }

        using var context = new SiteCheckContext(configuration, options ?? new SiteCheckOptions());
        EncryptionRules.Apply(context);
        TrustListRules.Apply(context);
        ServerCertificateRules.Apply(context);
        ConsistencyRules.Apply(context);
        RootCauses.Apply(context);
        return new SiteReport(configuration.SourcePath, context.Now, configuration.Servers, context.Findings, context.TrustVerdicts.Keys);
    }

    /// <summary>
    /// Reads <paramref name="path"/> and checks the site. When the file has errors, the report holds only the findings about
    /// the file: a half-read site would give misleading verdicts.
    /// </summary>
    /// <param name="path">The configuration file.</param>
    /// <param name="options">The clock and environment; <see langword="null"/> for the defaults.</param>
    /// <returns>The report, with the file's own findings (unknown properties and the like) included.</returns>
    public static SiteReport CheckFile(string path, SiteCheckOptions? options = null) =>
        Check(SiteConfigurationLoader.Load(path), options);

    /// <summary>Checks a site whose configuration was loaded already, keeping the loader's findings.</summary>
    /// <param name="loaded">The load result.</param>
    /// <param name="options">The clock and environment; <see langword="null"/> for the defaults.</param>
    /// <returns>The report.</returns>
    public static SiteReport Check(SiteConfigurationLoadResult loaded, SiteCheckOptions? options = null)
    {
        if (loaded is null)
        {
            throw new ArgumentNullException(nameof(loaded));
        }

        var now = (options?.TimeProvider ?? TimeProvider.System).GetUtcNow();
        if (loaded.Configuration is null || loaded.HasErrors)
        {
            var servers = loaded.Configuration?.Servers ?? Array.Empty<ServerConfiguration>();
            return new SiteReport(loaded.SourcePath, now, servers, loaded.Findings, Array.Empty<ServerConfiguration>());
        }

        var report = Check(loaded.Configuration, options);
        var findings = new System.Collections.Generic.List<SiteFinding>(loaded.Findings);
        findings.AddRange(report.Findings);
        return new SiteReport(loaded.SourcePath, report.CheckedAt, loaded.Configuration.Servers, findings, report.Servers.Where(s => s.TrustChecked).Select(s => s.Server));
    }
}
