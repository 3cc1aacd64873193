using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Options;

/// <summary>
/// Runs every check of <see cref="MipSecureOptions"/> (the annotations, the cross-field rules, and whether each CA file can
/// be read) and throws one <see cref="MipSecureConfigurationException"/> for all of them. Throwing, rather than returning a
/// failure, is what makes the exception type the same under a Generic Host (<c>ValidateOnStart</c>) and from a plain
/// service provider: both let it through unchanged.
/// </summary>
internal sealed class MipSecureOptionsGate : IValidateOptions<MipSecureOptions>
{
#if NET
    private readonly MipSecureOptionsValidator _annotations = new();
#else
    private readonly DataAnnotationValidateOptions<MipSecureOptions> _annotations = new(Microsoft.Extensions.Options.Options.DefaultName);
#endif
    private readonly MipSecureOptionsCrossFieldValidator _crossField = new();

    public ValidateOptionsResult Validate(string? name, MipSecureOptions options)
    {
        var failures = new List<string>();
        failures.AddRange(Failures(_annotations.Validate(name, options)));
        failures.AddRange(Failures(_crossField.Validate(name, options)));
        if (failures.Count > 0)
        {
            throw new MipSecureConfigurationException(
                MipSecCodes.InvalidOptions,
                failures.Count == 1 ? failures[0] : $"{failures[0]} (and {failures.Count - 1} more: {string.Join(" ", failures.Skip(1))})",
                "Correct the MipSecure settings named above (appsettings.json section MipSecure, or the code that configures them).",
                failures);
        }

        try
        {
            _ = TrustAnchorSet.FromFiles(options.CaCertificateFiles.Where(f => !string.IsNullOrWhiteSpace(f)));
        }
        catch (MipSecureException error)
        {
            throw new MipSecureConfigurationException(error.Code, "MipSecure:CaCertificateFiles: " + error.Detail, error.Remedy, null, error);
        }

        return ValidateOptionsResult.Success;
    }

    // The generated and DataAnnotations validators prefix nothing; each failure is a sentence naming the setting.
    private static IEnumerable<string> Failures(ValidateOptionsResult result) =>
        result.Failed ? result.Failures ?? new[] { result.FailureMessage } : Enumerable.Empty<string>();
}
