using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Site;

/// <summary>What the site rules share while one site is checked: the configuration, the clock, the certificates read, one validator per party, the findings.</summary>
internal sealed class SiteCheckContext : IDisposable
{
    private readonly Dictionary<TrustingParty, CertificateValidator?> _validators = new();
    private readonly Dictionary<string, CertificateValidator> _validatorsByAnchors = new(StringComparer.Ordinal);
    private readonly List<SiteFinding> _findings = new();
    private CertificateValidator? _anchorlessValidator;
    private IReadOnlyList<CertificateRevocationList>? _revocationLists;

    public SiteCheckContext(SiteConfiguration configuration, SiteCheckOptions options)
    {
        Configuration = configuration;
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Now = TimeProvider.GetUtcNow();
        ExpiryWarningDays = options.ExpiryWarningDays ?? configuration.Trust.ExpiryWarningDays;
        Certificates = new CertificateResolver(options.GetEnvironmentVariable ?? Environment.GetEnvironmentVariable, Report);
    }

    public SiteConfiguration Configuration { get; }

    public TimeProvider TimeProvider { get; }

    public DateTimeOffset Now { get; }

    public int ExpiryWarningDays { get; }

    public CertificateResolver Certificates { get; }

    public IReadOnlyList<SiteFinding> Findings => _findings;

    /// <summary>Gets the servers whose certificate was validated against the CA certificates of at least one party that verifies it, and whether one of them trusts it.</summary>
    public Dictionary<ServerConfiguration, bool> TrustVerdicts { get; } = new();

    /// <summary>Gets where site-wide trust findings point: the trust section, or the top of the file.</summary>
    public SourceLocation TrustLocation =>
        Configuration.Trust.Location.HasLine || Configuration.SourcePath is null
            ? Configuration.Trust.Location
            : new SourceLocation(Configuration.SourcePath, 1, 1);

    public void Report(SiteFinding finding) => _findings.Add(finding);

    public void Report(MipSecCode code, SourceLocation location, ServerConfiguration? server, string message, string remedy) =>
        _findings.Add(SiteFinding.Create(code, location, server, message, remedy));

    /// <summary>
    /// Gets the validator for the CA certificates <paramref name="party"/> trusts; <see langword="null"/> when it trusts none that
    /// could be read. Parties that trust the same CA certificates share one validator, so a chain is judged once for all of them.
    /// </summary>
    public CertificateValidator? ValidatorFor(TrustingParty party)
    {
        if (!_validators.TryGetValue(party, out var validator))
        {
            var anchors = AnchorsFor(party);
            validator = anchors.Count == 0 ? null : SharedValidatorFor(new TrustAnchorSet(anchors));
            _validators.Add(party, validator);
        }

        return validator;
    }

    /// <summary>Gets a validator with no anchors, for the checks that do not depend on trust (names, dates, usage, keys).</summary>
    public CertificateValidator AnchorlessValidator => _anchorlessValidator ??= CreateValidator(new TrustAnchorSet(Array.Empty<X509Certificate2>()));

    public List<X509Certificate2> AnchorsFor(TrustingParty party)
    {
        var anchors = new List<X509Certificate2>();
        foreach (var reference in Configuration.Trust.CaCertificatesFor(party))
        {
            anchors.AddRange(Certificates.Resolve(reference, null).All);
        }

        return anchors;
    }

    public void Dispose() => Certificates.Dispose();

    private CertificateValidator SharedValidatorFor(TrustAnchorSet anchors)
    {
        if (!_validatorsByAnchors.TryGetValue(anchors.Fingerprint, out var validator))
        {
            validator = CreateValidator(anchors);
            _validatorsByAnchors.Add(anchors.Fingerprint, validator);
        }

        return validator;
    }

    private CertificateValidator CreateValidator(TrustAnchorSet anchors) =>
        new(anchors, new CertificateValidationOptions { TimeProvider = TimeProvider, ExpiryWarningDays = ExpiryWarningDays, RevocationLists = RevocationLists });

    // trust.crls, read once; a file that cannot be read is a finding at the line that names it, and is left out.
    private IReadOnlyList<CertificateRevocationList> RevocationLists => _revocationLists ??= Configuration.Trust.RevocationLists.Select(reference =>
    {
        try
        {
            return CertificateRevocationList.Load(reference.ResolvedPath);
        }
        catch (MipSecureException ex)
        {
            Report(ex.Code, reference.Location, null,
                ex.Code.Equals(MipSecCodes.RevocationListFileNotFound)
                    ? $"The revocation list '{reference.Text}' in trust.crls does not exist or cannot be read (looked for '{reference.ResolvedPath}')."
                    : $"The file '{reference.Text}' in trust.crls is not a certificate revocation list.",
                ex.Remedy);
            return null;
        }
    }).Where(list => list is not null).Select(list => list!).ToList();

    public static IEnumerable<TrustingParty> PartiesThatVerify(ServerRole role) => role switch
    {
        ServerRole.ManagementServer => new[] { TrustingParty.RecordingServers, TrustingParty.Clients },
        ServerRole.RecordingServer or ServerRole.FailoverRecorder => new[] { TrustingParty.ManagementServer, TrustingParty.Clients },
        _ => new[] { TrustingParty.Clients },
    };

    public static string PartyText(TrustingParty party) => party switch
    {
        TrustingParty.Clients => "the clients (Smart Client, MIP integrations)",
        TrustingParty.RecordingServers => "the recording servers",
        _ => "the management server",
    };

    public IEnumerable<ServerConfiguration> EncryptedServersVerifiedBy(TrustingParty party) =>
        Configuration.Servers.Where(s => s.Endpoints.Any(e => e.IsHttps) && PartiesThatVerify(s.Role).Contains(party));
}
