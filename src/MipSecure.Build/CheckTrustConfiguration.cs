using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using MipSecure.Trust.Validation;
using BuildTask = Microsoft.Build.Utilities.Task;

namespace MipSecure.Build;

/// <summary>
/// The MSBuild task behind the MipSecure build check: validates the trust configuration a project ships with and reports
/// every finding as an MSBuild error or warning carrying its MIPSEC code, file, line and help link.
/// </summary>
public sealed class CheckTrustConfiguration : BuildTask
{
    /// <summary>Gets or sets the trust configuration (<c>mipsecure.json</c>) to check (<c>$(MipSecureTrustConfig)</c>).</summary>
    /// <value>The default value is empty: no configuration file, only the items.</value>
    public string? ConfigurationFile { get; set; }

    /// <summary>Gets or sets the certificates to check (<c>MipSecureCertificate</c> items, with HostName and Role metadata).</summary>
    /// <value>The default value is an empty array.</value>
    public ITaskItem[] Certificates { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Gets or sets the CA certificates the listed certificates must chain to (<c>MipSecureTrustedCa</c> items).</summary>
    /// <value>The default value is an empty array.</value>
    public ITaskItem[] TrustedCertificateAuthorities { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>Gets or sets the number of days before expiry from which a certificate is reported as expiring (<c>$(MipSecureExpiryWarningDays)</c>).</summary>
    /// <value>The default value is empty, which means the configuration's value or 30.</value>
    public string? ExpiryWarningDays { get; set; }

    /// <summary>Gets or sets the project file, where findings about the project's own items point.</summary>
    /// <value>The default value is empty, which means the project being built.</value>
    public string? ProjectFile { get; set; }

    /// <summary>Gets the number of servers the trust configuration describes.</summary>
    /// <value>The number, set when the task has run.</value>
    [Output]
    public int CheckedServers { get; private set; }

    /// <summary>
    /// Gets the files the check read beyond its items (the certificate files mipsecure.json names), which the targets record
    /// so that a change to one of them runs the check again.
    /// </summary>
    /// <value>The files, set when the task has run.</value>
    [Output]
    public ITaskItem[] DependencyFiles { get; private set; } = Array.Empty<ITaskItem>();

    /// <summary>Gets the number of warnings the check reported; the targets check again at the next build while there are any.</summary>
    /// <value>The number, set when the task has run.</value>
    [Output]
    public int WarningCount { get; private set; }

    /// <summary>Gets the number of certificate items validated.</summary>
    /// <value>The number, set when the task has run.</value>
    [Output]
    public int CheckedCertificates { get; private set; }

    /// <summary>Gets or sets the clock expiry is measured against; tests set a fake one.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <inheritdoc />
    public override bool Execute()
    {
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = new BuildDiagnostics(Log);
        var projectFile = string.IsNullOrEmpty(ProjectFile) ? BuildEngine?.ProjectFileOfTaskNode ?? string.Empty : ProjectFile!;
        if (!TryReadExpiryWarningDays(diagnostics, projectFile, out var expiryWarningDays))
        {
            return false;
        }

        try
        {
            if (!string.IsNullOrWhiteSpace(ConfigurationFile))
            {
                var siteOptions = new SiteCheckOptions { TimeProvider = TimeProvider, ExpiryWarningDays = expiryWarningDays };
                var site = new SiteConfigurationCheck(diagnostics, siteOptions);
                site.Run(ConfigurationFile!);
                CheckedServers = site.Servers;
                DependencyFiles = site.CertificateFiles.Select(file => (ITaskItem)new TaskItem(file)).ToArray();
            }

            var itemOptions = new CertificateValidationOptions
            {
                ExpiryWarningDays = expiryWarningDays ?? ExpiryWarningWindow.DefaultDays,
                TimeProvider = TimeProvider,
            };
            CheckedCertificates = new CertificateItemCheck(diagnostics, itemOptions, projectFile).Run(Certificates, TrustedCertificateAuthorities);
        }
        catch (MipSecureException exception)
        {
            diagnostics.Report(exception, new DiagnosticLocation(projectFile));
        }

        WarningCount = diagnostics.Warnings;
        Log.LogMessage(
            MessageImportance.High,
            "MipSecure: checked {0} server(s) of the trust configuration and {1} certificate item(s) in {2} ms: {3} error(s), {4} warning(s).",
            CheckedServers,
            CheckedCertificates,
            stopwatch.ElapsedMilliseconds,
            diagnostics.Errors,
            diagnostics.Warnings);
        return !Log.HasLoggedErrors;
    }

    private bool TryReadExpiryWarningDays(BuildDiagnostics diagnostics, string projectFile, out int? days)
    {
        days = null;
        var text = ExpiryWarningDays?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && ExpiryWarningWindow.IsValid(value))
        {
            days = value;
            return true;
        }

        diagnostics.Report(
            MipSecCodes.BuildPropertyInvalid,
            FindingSeverity.Error,
            $"MipSecureExpiryWarningDays is '{text}', which is not a whole number of days from {ExpiryWarningWindow.RangeText}.",
            $"Set <MipSecureExpiryWarningDays>{ExpiryWarningWindow.DefaultDays}</MipSecureExpiryWarningDays>, or remove it to use the configuration's value ({ExpiryWarningWindow.DefaultDays} by default).",
            new DiagnosticLocation(projectFile));
        return false;
    }
}
