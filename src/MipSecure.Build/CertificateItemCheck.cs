using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Build.Framework;
using MipSecure.Trust;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Build;

/// <summary>
/// Checks the certificates listed as <c>MipSecureCertificate</c> items against the CAs listed as <c>MipSecureTrustedCa</c>
/// items, with MipSecure.Trust's loader and validator; findings point at the certificate file.
/// </summary>
internal sealed class CertificateItemCheck
{
    /// <summary>The item metadata that names the host the certificate must be valid for.</summary>
    public const string HostNameMetadata = "HostName";

    /// <summary>The item metadata that names the server role.</summary>
    public const string RoleMetadata = "Role";

    /// <summary>The item metadata that names the environment variable holding a PFX password.</summary>
    public const string PasswordVariableMetadata = "PasswordVariable";

    private readonly BuildDiagnostics _diagnostics;
    private readonly CertificateValidationOptions _options;
    private readonly DiagnosticLocation _projectLocation;

    public CertificateItemCheck(BuildDiagnostics diagnostics, CertificateValidationOptions options, string projectFile)
    {
        _diagnostics = diagnostics;
        _options = options;
        _projectLocation = new DiagnosticLocation(projectFile);
    }

    /// <summary>Checks every certificate item; returns how many certificates were validated.</summary>
    public int Run(IReadOnlyList<ITaskItem> certificates, IReadOnlyList<ITaskItem> trustedCas)
    {
        if (certificates.Count == 0)
        {
            return 0;
        }

        var anchors = LoadAnchors(trustedCas);
        if (anchors.Count == 0)
        {
            if (trustedCas.Count == 0)
            {
                _diagnostics.Report(
                    MipSecCodes.TrustedCaMissing,
                    FindingSeverity.Error,
                    $"{certificates.Count.ToString(CultureInfo.InvariantCulture)} MipSecureCertificate item(s) are listed but no MipSecureTrustedCa item, so nothing says which CA the certificates must chain to.",
                    "Add <MipSecureTrustedCa Include=\"path/to/ca.crt\" /> with the CA certificate installed on the XProtect servers and clients.",
                    _projectLocation);
            }

            return 0;
        }

        var validator = new CertificateValidator(new TrustAnchorSet(anchors), _options);
        var validated = 0;
        foreach (var item in certificates)
        {
            if (CheckOne(validator, item))
            {
                validated++;
            }
        }

        foreach (var anchor in anchors)
        {
            anchor.Dispose();
        }

        return validated;
    }

    private List<X509Certificate2> LoadAnchors(IReadOnlyList<ITaskItem> trustedCas)
    {
        var anchors = new List<X509Certificate2>();
        foreach (var item in trustedCas)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                using var loaded = CertificateLoader.LoadFile(path);
                foreach (var certificate in loaded.Certificates)
                {
                    // The loaded set disposes its own instances; keep independent copies as anchors.
                    anchors.Add(new X509Certificate2(certificate.RawData));
                }
            }
            catch (MipSecureException exception)
            {
                _diagnostics.Report(exception, new DiagnosticLocation(path));
            }
        }

        return anchors;
    }

    private bool CheckOne(CertificateValidator validator, ITaskItem item)
    {
        var path = item.GetMetadata("FullPath");
        var location = new DiagnosticLocation(path);
        var hostName = item.GetMetadata(HostNameMetadata).Trim();
        var role = item.GetMetadata(RoleMetadata);
        if (hostName.Length == 0)
        {
            _diagnostics.Report(
                MipSecCodes.CertificateItemHostNameMissing,
                FindingSeverity.Error,
                $"The MipSecureCertificate item '{item.ItemSpec}' has no HostName, so its certificate cannot be checked against the name clients dial.",
                $"Add HostName=\"…\" with the host of the server's URI, for example <MipSecureCertificate Include=\"{item.ItemSpec}\" HostName=\"rec1.contoso.local\" Role=\"RecordingServer\" />.",
                _projectLocation);
            return false;
        }

        if (!TryDescribeRole(role, out var roleDescription))
        {
            _diagnostics.Report(
                MipSecCodes.CertificateItemRoleUnknown,
                FindingSeverity.Error,
                $"The MipSecureCertificate item '{item.ItemSpec}' has Role=\"{role}\", which is not an XProtect server role.",
                $"Use one of {string.Join(", ", Enum.GetNames<ServerRole>())}, or leave Role out.",
                _projectLocation);
            return false;
        }

        var password = ReadPassword(item, location);
        if (password.Failed)
        {
            return false;
        }

        LoadedCertificates loaded;
        try
        {
            loaded = CertificateLoader.LoadFile(path, password.Value);
        }
        catch (MipSecureException exception)
        {
            _diagnostics.Report(exception, location);
            return false;
        }

        using (loaded)
        {
            var report = validator.Validate(new CertificateValidationRequest(loaded.Primary, hostName)
            {
                Intermediates = loaded.Others,
                ServerDescription = roleDescription + " " + hostName,
            });
            foreach (var finding in report.Findings)
            {
                _diagnostics.Report(finding, location);
            }
        }

        return true;
    }

    private static bool TryDescribeRole(string role, out string description)
    {
        if (string.IsNullOrWhiteSpace(role))
        {
            description = "server";
            return true;
        }

        if (ServerRoles.TryParse(role, out var parsed))
        {
            description = parsed.DisplayName();
            return true;
        }

        description = string.Empty;
        return false;
    }

    private (bool Failed, string? Value) ReadPassword(ITaskItem item, DiagnosticLocation location)
    {
        var variable = item.GetMetadata(PasswordVariableMetadata).Trim();
        if (variable.Length == 0)
        {
            return (false, null);
        }

        var value = Environment.GetEnvironmentVariable(variable);
        if (value is null)
        {
            _diagnostics.Report(
                MipSecCodes.PasswordVariableMissing,
                FindingSeverity.Error,
                $"The environment variable '{variable}' that should hold the password of '{item.ItemSpec}' is not set.",
                $"Set {variable} in the build environment (a CI secret), never in the project file.",
                location);
            return (true, null);
        }

        return (false, value);
    }
}
