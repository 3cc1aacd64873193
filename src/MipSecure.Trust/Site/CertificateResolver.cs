using System;
using System.Collections.Generic;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Site;

/// <summary>
/// Reads each certificate reference of a site once. A reference that cannot be read gives one located finding
/// (its MIPSEC3xxx code), however many rules ask for it. Owns the certificates it read.
/// </summary>
internal sealed class CertificateResolver : IDisposable
{
    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly Action<SiteFinding> _report;
    private readonly Dictionary<string, ResolvedCertificate> _cache = new(StringComparer.Ordinal);
    private readonly List<LoadedCertificates> _owned = new();

    public CertificateResolver(Func<string, string?> getEnvironmentVariable, Action<SiteFinding> report)
    {
        _getEnvironmentVariable = getEnvironmentVariable;
        _report = report;
    }

    public ResolvedCertificate Resolve(CertificateReference reference, ServerConfiguration? server)
    {
        var key = reference.Identity + "|" + reference.PasswordVariable;
        if (_cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var resolved = Load(reference, server);
        _cache.Add(key, resolved);
        return resolved;
    }

    public void Dispose()
    {
        foreach (var loaded in _owned)
        {
            loaded.Dispose();
        }
    }

    private ResolvedCertificate Load(CertificateReference reference, ServerConfiguration? server)
    {
        if (reference.Kind == CertificateReferenceKind.InMemory)
        {
            return ResolvedCertificate.InMemory(reference, reference.InMemoryCertificates);
        }

        var location = reference.Location.HasLine || server is null ? reference.Location : server.LocationOf("certificate");
        string? password = null;
        if (reference.PasswordVariable is not null)
        {
            password = _getEnvironmentVariable(reference.PasswordVariable);
            if (string.IsNullOrEmpty(password))
            {
                return Fail(reference, SiteFinding.Create(MipSecCodes.PasswordVariableMissing, location, server,
                    $"The environment variable {reference.PasswordVariable}, named by certificatePasswordVariable for '{reference.Text}', is not set, so the PFX cannot be opened.",
                    $"Set {reference.PasswordVariable} to the PFX password where the check runs (a CI secret or the service's environment); never write the password in the file."));
            }
        }

        try
        {
            var loaded = reference.Load(password);
            _owned.Add(loaded);
            return ResolvedCertificate.Loaded(reference, loaded);
        }
        catch (CertificateLoadException ex)
        {
            // The loader's reason names the resolved path; the message starts with the path as written in the file.
            return Fail(reference, new SiteFinding(
                new TrustFinding(ex.Code, FindingSeverity.Error, $"Cannot read certificate '{reference.Text}': {ex.Reason}.", ex.Remedy),
                location,
                server));
        }
    }

    private ResolvedCertificate Fail(CertificateReference reference, SiteFinding failure)
    {
        _report(failure);
        return ResolvedCertificate.Failed(reference, failure);
    }
}
