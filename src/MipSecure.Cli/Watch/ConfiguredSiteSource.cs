using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MipSecure.Cli.Probing;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Watch;

/// <summary>
/// Audits the site a mipsecure.json describes: the file's encryption rules offline, then every server address probed live
/// against the CA certificates clients trust. The file is read again on every audit, so an edit or a renewed CA file counts.
/// </summary>
internal sealed class ConfiguredSiteSource : ISiteSnapshotSource
{
    private readonly string _path;
    private readonly IReadOnlyList<string> _extraCaFiles;
    private readonly AddressOverrides _overrides;
    private readonly ProbeSettings _probe;
    private readonly int? _expiryWarningDays;
    private readonly TimeProvider _timeProvider;
    private readonly Func<string, string?> _environment;
    private readonly ILogger<EncryptionProber>? _proberLogger;

    public ConfiguredSiteSource(
        string path,
        IReadOnlyList<string> extraCaFiles,
        AddressOverrides overrides,
        ProbeSettings probe,
        int? expiryWarningDays,
        TimeProvider timeProvider,
        Func<string, string?> environment,
        ILogger<EncryptionProber>? proberLogger = null)
    {
        _path = path;
        _extraCaFiles = extraCaFiles;
        _overrides = overrides;
        _probe = probe;
        _expiryWarningDays = expiryWarningDays;
        _timeProvider = timeProvider;
        _environment = environment;
        _proberLogger = proberLogger;
    }

    public string Description => _path;

    public async Task<SiteSnapshot> CaptureAsync(CancellationToken cancellationToken)
    {
        var loaded = SiteConfigurationLoader.Load(_path);
        if (loaded.HasErrors || loaded.Configuration is null)
        {
            var first = loaded.Findings.First(f => f.Severity == FindingSeverity.Error);
            throw new MipSecureException(first.Code, first.ToString(), first.Remedy);
        }

        var configuration = loaded.Configuration;
        var report = SiteChecker.Check(loaded, new SiteCheckOptions
        {
            TimeProvider = _timeProvider,
            GetEnvironmentVariable = _environment,
            ExpiryWarningDays = _expiryWarningDays,
        });

        // The live probes judge the certificates servers present; of the offline check, keep the site rules (MIPSEC2xxx).
        var rules = report.Findings.Where(f => f.Severity != FindingSeverity.Info && f.Code.Category == MipSecCodeCategory.SiteConfiguration).ToList();
        var warningDays = _expiryWarningDays ?? configuration.Trust.ExpiryWarningDays;
        var validator = new CertificateValidator(
            Anchors(configuration),
            new CertificateValidationOptions { TimeProvider = _timeProvider, ExpiryWarningDays = warningDays });
        var prober = new EncryptionProber(validator, _probe, _timeProvider, _overrides, _proberLogger);
        var targets = ProbeTargets.FromSite(configuration);
        var probes = await prober.ProbeAllAsync(targets.Select(t => t.Endpoint), cancellationToken).ConfigureAwait(false);
        var observations = probes.Select((probe, i) => ProbeObservations.From(
            probe,
            rules.Where(f => ReferenceEquals(f.Server, targets[i].Server)).Select(f => f.Finding))).ToList();
        var siteWide = rules.Where(f => f.Server is null).Select(f => f.Finding).ToList();
        return new SiteSnapshot(_timeProvider.GetUtcNow(), observations, siteWide, LoginChainWorks: null, TimeSpan.FromDays(warningDays));
    }

    // The clients' CAs of the file (files and store references) and the --ca files, read by the one loader.
    private TrustAnchorSet Anchors(SiteConfiguration configuration) =>
        configuration.Trust.LoadTrustAnchors(TrustingParty.Clients, _extraCaFiles);
}
