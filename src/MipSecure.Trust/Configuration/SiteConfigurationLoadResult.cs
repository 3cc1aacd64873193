using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Configuration;

/// <summary>What reading a site configuration gave: the model (when the JSON could be read) and the findings, each with its location.</summary>
public sealed class SiteConfigurationLoadResult
{
    internal SiteConfigurationLoadResult(string? sourcePath, SiteConfiguration? configuration, IReadOnlyList<SiteFinding> findings)
    {
        SourcePath = sourcePath;
        Configuration = configuration;
        Findings = findings;
    }

    /// <summary>Gets the configuration file as the caller named it.</summary>
    public string? SourcePath { get; }

    /// <summary>
    /// Gets the model; <see langword="null"/> when the file could not be read or parsed. When <see cref="HasErrors"/> is true
    /// it holds only the entries that were read without error and must not be judged.
    /// </summary>
    public SiteConfiguration? Configuration { get; }

    /// <summary>Gets the findings about the file itself (MIPSEC3xxx), in file order.</summary>
    public IReadOnlyList<SiteFinding> Findings { get; }

    /// <summary>Gets whether any finding is an error: the file must be fixed before the site can be checked.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);

    /// <summary>Gets the model, or throws when the file has an error, for callers that cannot go on without it.</summary>
    /// <returns>The model.</returns>
    /// <exception cref="SiteConfigurationException">The file could not be read or has an error; the first error is reported.</exception>
    public SiteConfiguration GetConfigurationOrThrow()
    {
        var error = Findings.FirstOrDefault(f => f.Severity == FindingSeverity.Error);
        if (error is not null)
        {
            throw new SiteConfigurationException(error);
        }

        return Configuration ?? throw new InvalidOperationException("A load result without errors always holds a configuration.");
    }
}
