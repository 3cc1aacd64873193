using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Output;
using MipSecure.Cli.Probing;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Http;
using MipSecure.Options;
using MipSecure.Resilience;
using MipSecure.Trust;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Audit;

/// <summary>How far an audit has come, for a progress display.</summary>
/// <param name="Stage">What it is doing, for example "Probing 12 servers".</param>
/// <param name="Completed">Servers done in this stage.</param>
/// <param name="Total">Servers in this stage (0 for a step without servers).</param>
internal sealed record AuditProgress(string Stage, int Completed, int Total);

/// <summary>Everything one audit found.</summary>
/// <param name="Report">The findings per target, in the command-line report shape; its exit code is the audit's.</param>
/// <param name="Probes">One probe per address dialled.</param>
/// <param name="Proofs">The login proof on each recording server that could be tried.</param>
/// <param name="Site">The site model the rules ran on (what <c>--write-config</c> saves).</param>
/// <param name="Discovered">What the management server listed; <see langword="null"/> when discovery failed.</param>
internal sealed record SiteAuditResult(
    CommandReport Report,
    IReadOnlyList<ProbeResult> Probes,
    IReadOnlyList<LoginProofResult> Proofs,
    SiteConfiguration Site,
    DiscoveredSite? Discovered);

/// <summary>
/// Audits a live site: logs in through the whole chain, discovers every server, probes each address clients use
/// (encryption as stated and as spoken, certificate against the trusted CAs and the host dialled), proves the login on each
/// recording server, and applies the site rules to the site model built from what it found. <c>audit</c>, <c>demo</c>
/// and <c>watch</c> call it; every step is bounded by <see cref="AuditOptions.Timeout"/>, so a hanging server never holds the report.
/// </summary>
internal static class SiteAuditor
{
    public static async Task<SiteAuditResult> AuditAsync(AuditOptions options, IProgress<AuditProgress>? progress, CancellationToken cancellationToken)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var clock = options.TimeProvider;
        // One audit sees each certificate at least twice (the probe, then the login proof over SecureConnector): validate it once.
        var validator = new CachingCertificateValidator(
            new CertificateValidator(options.Anchors, new CertificateValidationOptions { TimeProvider = clock, ExpiryWarningDays = options.ExpiryWarningDays }));
        var connection = new MipSecureOptions { AttemptTimeout = options.Timeout, TotalTimeout = options.Timeout };
        connection.Retry.MaxRetryAttempts = 1;
        connection.Retry.BaseDelay = TimeSpan.FromMilliseconds(100);
        connection.CircuitBreaker.Enabled = false;
        var resilience = new ConnectionResilience(connection, clock);
        var management = new XProtectEndpoint(options.ManagementServer, ServerRole.ManagementServer, options.ManagementServer.Host);
        var managementFindings = new List<TrustFinding>();
        var notes = new List<TrustFinding>();

        AuditSession? session = null;
        DiscoveredSite? discovered = null;

        // The REST client lives through the probes too: the login proof asks the configuration for each recorder's cameras.
        using var handler = new SecureHttpHandler(validator, resilience, options.AddressOverrides) { Credentials = options.Login.Credentials };
        using var http = new HttpClient(handler, disposeHandler: false) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var discovery = new ManagementServerDiscovery(http, clock);
        progress?.Report(new AuditProgress($"Logging in as {options.Login.Description}", 0, 0));
        session = await StepAsync(management, options, ct => options.Login.LogInAsync(discovery, http, management, ct), managementFindings, cancellationToken).ConfigureAwait(false);
        if (session is not null)
        {
            progress?.Report(new AuditProgress("Discovering the site's servers", 0, 0));
            var discoveryOptions = new DiscoveryOptions { Addresses = options.Addresses, IncludeDisabled = options.IncludeDisabled };
            discovered = await StepAsync(management, options, ct => discovery.DiscoverAsync(management, session.AccessToken, discoveryOptions, ct), managementFindings, cancellationToken).ConfigureAwait(false);
        }

        if (managementFindings.Any(f => f.Code.Equals(MipSecCodes.ConfigurationAccessDenied)))
        {
            notes.Add(new TrustFinding(MipSecCodes.ConfigurationAccessDenied, FindingSeverity.Info,
                "Without the configuration the audit checked the management server only: its encryption as stated and as spoken, its certificate, and the login. Recording servers, failover recorders, mobile and event servers were not listed, so they were not checked.",
                "Audit with a user that has the Administrators role, or list the servers in mipsecure.json and run mipsecure check and mipsecure probe --config."));
        }

        if (discovered is { RegisteredServicesListed: false })
        {
            notes.Add(new TrustFinding(MipSecCodes.RegisteredServicesUnavailable, FindingSeverity.Info,
                $"The management server does not list registered services (/api/rest/v1/registeredServices, XProtect 2024 R2 and later; this site reports {discovered.ProductVersion ?? "no version"}), so its mobile and event servers were not discovered or checked.",
                "List the mobile and event servers in mipsecure.json and run mipsecure check, or probe them with mipsecure probe URI --role mobile."));
        }

        var endpoints = EndpointsOf(management, discovered);
        var prober = new EncryptionProber(validator, new ProbeSettings { Timeout = options.Timeout, MaxConcurrency = options.Concurrency }, clock, options.AddressOverrides);
        var proof = options.CreateLoginProof(new SecureConnector(validator, resilience, options.AddressOverrides), clock);
        using var cameras = new ProofCameras(discovery, discovered, options.Camera, session, options, cancellationToken);
        var (probes, proofs) = await ProbeAndProveAsync(endpoints, prober, proof, cameras, session, options, progress, cancellationToken).ConfigureAwait(false);

        var site = AuditedSite.Build(management, discovered, probes, options.Anchors);
        var siteReport = SiteChecker.Check(site, new SiteCheckOptions { TimeProvider = clock, ExpiryWarningDays = options.ExpiryWarningDays });
        var report = IssuerCauses.Group(Assemble(management, discovered, probes, proofs, siteReport, managementFindings, notes, options.Addresses), options.Anchors, options.CaFiles.Count > 0 ? CauseWords.TrustList(options.CaFiles, null) : "the CA certificates the audit trusts");
        return new SiteAuditResult(report, probes, proofs, site, discovered);
    }

    // One step against the management server, bounded by the timeout; its failure becomes a finding on the management server.
    private static async Task<T?> StepAsync<T>(XProtectEndpoint management, AuditOptions options, Func<CancellationToken, Task<T>> step, List<TrustFinding> findings, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await WithinAsync(options.TimeProvider, options.Timeout, step, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            findings.Add(new TrustFinding(MipSecCodes.ConnectionTimedOut, FindingSeverity.Error,
                $"The {management.Description} at {management.Uri} did not answer within {options.Timeout.TotalSeconds:0.#} s.",
                "Check that the server is running and reachable, or raise --timeout."));
        }
        catch (MipSecureException ex)
        {
            findings.Add(new TrustFinding(ex.Code, ex.Code.DefaultSeverity == FindingSeverity.Info ? FindingSeverity.Info : FindingSeverity.Error, ex.Message, ex.Remedy));
        }

        return null;
    }

    internal static async Task<T> WithinAsync<T>(TimeProvider clock, TimeSpan limit, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = clock.CreateTimer(static state => Cancel((CancellationTokenSource)state!), deadline, limit, System.Threading.Timeout.InfiniteTimeSpan);
        try
        {
            return await work(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException();
        }

        static void Cancel(CancellationTokenSource source)
        {
            try
            {
                source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The step finished as the deadline fired.
            }
        }
    }

    // The management server, its API gateway when it is elsewhere, then every address of every discovered server.
    private static List<XProtectEndpoint> EndpointsOf(XProtectEndpoint management, DiscoveredSite? discovered)
    {
        var endpoints = new List<XProtectEndpoint> { management };
        if (discovered?.ApiGateway is { } gateway && !string.Equals(gateway.GetLeftPart(UriPartial.Authority), management.Uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            endpoints.Add(new XProtectEndpoint(new Uri(gateway.GetLeftPart(UriPartial.Authority) + "/"), ServerRole.ManagementServer, "API gateway"));
        }

        if (discovered is not null)
        {
            endpoints.AddRange(discovered.AllEndpoints.Where(e => e != discovered.ManagementServer && !endpoints.Contains(e)));
        }

        return endpoints;
    }

    private static async Task<(IReadOnlyList<ProbeResult> Probes, IReadOnlyList<LoginProofResult> Proofs)> ProbeAndProveAsync(
        List<XProtectEndpoint> endpoints, EncryptionProber prober, IRecorderLoginProof proof, ProofCameras cameras, AuditSession? session, AuditOptions options,
        IProgress<AuditProgress>? progress, CancellationToken cancellationToken)
    {
        var stage = session is null ? $"Probing {endpoints.Count} servers" : $"Probing {endpoints.Count} servers and proving the login on each recording server";
        var done = 0;
        progress?.Report(new AuditProgress(stage, 0, endpoints.Count));
        using var gate = new SemaphoreSlim(Math.Max(1, options.Concurrency));
        var work = endpoints.Select(async endpoint =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            System.IO.Stream? connection = null;
            try
            {
                var proving = session is not null && endpoint.Role == ServerRole.RecordingServer;
                var probed = proving
                    ? await prober.ProbeKeepingConnectionAsync(endpoint, cancellationToken).ConfigureAwait(false)
                    : new ProbedConnection(await prober.ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false), null);
                var probe = probed.Result;
                connection = probed.Connection;
                LoginProofResult? proven = null;

                // A token goes only to a recording server whose port spoke as configured and whose certificate is trusted.
                if (proving && probe.Outcome is ProbeOutcome.Encrypted or ProbeOutcome.Plaintext && !probe.HasErrors)
                {
                    try
                    {
                        proven = await WithinAsync(
                            options.TimeProvider,
                            options.Timeout,
                            async ct =>
                            {
                                var (camera, noCameraReason) = await cameras.ForAsync(endpoint, session!, ct).ConfigureAwait(false);

                                // The proof owns the probe's connection from here on, whatever happens to it.
                                var handedOver = connection;
                                connection = null;
                                return await proof.ProveAsync(endpoint, session!, camera, noCameraReason, handedOver, ct).ConfigureAwait(false);
                            },
                            cancellationToken).ConfigureAwait(false);
                    }
                    catch (TimeoutException)
                    {
                        proven = new LoginProofResult(endpoint, LoginProofOutcome.NotAttempted, new TrustFinding(
                            MipSecCodes.LoginProofNotPossible, FindingSeverity.Warning,
                            $"The {endpoint.Description} did not answer the ImageServer connect within {options.Timeout.TotalSeconds:0.#} s, so the login could not be proven on it.",
                            "Check that the recording server's service is healthy, or raise --timeout."));
                    }
                }

                return (probe, proven);
            }
            finally
            {
                connection?.Dispose();
                gate.Release();
                progress?.Report(new AuditProgress(stage, Interlocked.Increment(ref done), endpoints.Count));
            }
        }).ToList();
        var results = await Task.WhenAll(work).ConfigureAwait(false);
        return (results.Select(r => r.probe).ToList(), results.Where(r => r.proven is not null).Select(r => r.proven!).ToList());
    }

    private static CommandReport Assemble(
        XProtectEndpoint management, DiscoveredSite? discovered, IReadOnlyList<ProbeResult> probes, IReadOnlyList<LoginProofResult> proofs,
        SiteReport siteReport, IReadOnlyList<TrustFinding> managementFindings, IReadOnlyList<TrustFinding> notes, AddressSelection addresses)
    {
        var targets = new List<TargetResult>();
        var placed = new HashSet<SiteFinding>();
        foreach (var probe in probes)
        {
            var findings = probe.Findings.ToList();
            if (probe.Endpoint == management)
            {
                findings.AddRange(managementFindings);
            }

            findings.AddRange(proofs.Where(p => p.Recorder == probe.Endpoint && p.Finding is not null).Select(p => p.Finding!));
            var recorder = discovered?.RecordingServers.Concat(discovered.FailoverRecorders)
                .FirstOrDefault(r => r.Addresses[0] == probe.Endpoint);
            if (recorder is not null && addresses != AddressSelection.Local && recorder.PublicAccessEnabled && recorder.PublicUri is null)
            {
                findings.Add(new TrustFinding(MipSecCodes.PublicAddressMissing, FindingSeverity.Warning,
                    $"Public access is on for the {probe.Endpoint.Description}, but the management server gives no public address for it (publicWebserverHostName and activeWebServerUri are empty), so clients outside were checked at {probe.Endpoint.Uri}.",
                    $"In Management Client, give '{probe.Endpoint.Name}' a public address and port (Network tab), or turn public access off."));
            }

            // The site rules' findings about a server join its first address, unless the probe already said the same.
            if (IsFirstAddress(probe.Endpoint, probes))
            {
                foreach (var finding in siteReport.Findings.Where(f => f.Server is not null && Matches(f.Server, probe.Endpoint) && Adds(f)))
                {
                    placed.Add(finding);
                    if (!findings.Any(existing => existing.Code.Equals(finding.Code)))
                    {
                        findings.Add(finding.Finding);
                    }
                }
            }

            // Target and server as in every other command: the address dialled, and the server it belongs to.
            targets.Add(ProbeReportConversion.ToTarget(probe, describe: true) with { Findings = Distinct(findings) });
        }

        var siteWide = notes.Concat(siteReport.Findings.Where(f => !placed.Contains(f) && f.Server is null && Adds(f)).Select(f => f.Finding)).ToList();
        if (siteWide.Count > 0)
        {
            targets.Insert(0, new TargetResult("site", EncryptionState.NotApplicable, siteWide) { IsSite = true });
        }

        return new CommandReport(targets);
    }

    // Findings that judge the site model; "no certificate named" means nothing after a live connection, and the issuer a
    // trust list lacks is named in the command's own words (--ca) by IssuerCauses, with the probes' findings under it.
    private static bool Adds(SiteFinding finding) =>
        !finding.Code.Equals(MipSecCodes.EncryptedServerWithoutCertificate) && !finding.Code.Equals(MipSecCodes.IssuerNotTrusted);

    private static bool Matches(ServerConfiguration server, XProtectEndpoint endpoint) =>
        server.Role == endpoint.Role && string.Equals(server.Name, endpoint.Name, StringComparison.Ordinal);

    private static bool IsFirstAddress(XProtectEndpoint endpoint, IReadOnlyList<ProbeResult> probes) =>
        probes.First(p => p.Endpoint.Role == endpoint.Role && p.Endpoint.Name == endpoint.Name).Endpoint == endpoint;

    // One finding per code on a target: a login refused for an untrusted certificate says what the probe says.
    private static List<TrustFinding> Distinct(List<TrustFinding> findings) =>
        findings.GroupBy(f => f.Code.Id, StringComparer.Ordinal).Select(g => g.First()).OrderByDescending(f => f.Severity).ToList();

    /// <summary>
    /// Which camera the login proof asks a frame from: <c>--camera</c>, or else the first enabled camera the configuration lists
    /// on the recorder's hardware. The cameras of the whole site are read once, in two requests, while the probes run; when that
    /// list cannot be read (for example larger than the answer limit), each recorder's hardware is asked, two recorders at a time.
    /// </summary>
    private sealed class ProofCameras : IDisposable
    {
        // Two lookups at a time keep the management server at two pooled connections however many recorders are proven at once.
        private const int ConcurrentLookups = 2;
        private const string NoCameraListed = "the management server lists no enabled camera on this recorder's hardware";

        private readonly SemaphoreSlim _lookups = new(ConcurrentLookups, ConcurrentLookups);
        private readonly ManagementServerDiscovery _discovery;
        private readonly DiscoveredSite? _discovered;
        private readonly Guid? _given;
        private readonly Task<IReadOnlyList<DiscoveredCamera>?> _siteCameras;

        public ProofCameras(ManagementServerDiscovery discovery, DiscoveredSite? discovered, Guid? given, AuditSession? session, AuditOptions options, CancellationToken cancellationToken)
        {
            _discovery = discovery;
            _discovered = discovered;
            _given = given;
            _siteCameras = given is null && discovered is not null && session is not null
                ? ReadSiteCamerasAsync(discovered, session, options, cancellationToken)
                : Task.FromResult<IReadOnlyList<DiscoveredCamera>?>(null);
        }

        public void Dispose() => _lookups.Dispose();

        public async Task<(ProofCamera? Camera, string? NoCameraReason)> ForAsync(XProtectEndpoint recorder, AuditSession session, CancellationToken cancellationToken)
        {
            if (_given is { } given)
            {
                return (ProofCamera.FromOption(given), null);
            }

            var server = _discovered?.RecordingServers.FirstOrDefault(r => r.Addresses.Contains(recorder));
            if (_discovered is null || server is null)
            {
                return (null, "the recorder is not in the configuration the management server listed");
            }

            var siteCameras = await _siteCameras.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (siteCameras is not null)
            {
                var listed = siteCameras.FirstOrDefault(c => string.Equals(c.RecordingServerId, server.Id, StringComparison.OrdinalIgnoreCase));
                return listed is not null ? (ProofCamera.FromConfiguration(listed), null) : (null, NoCameraListed);
            }

            await _lookups.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var listed = await _discovery.ListCamerasAsync(_discovered, server, session.AccessToken, maxCameras: 1, cancellationToken).ConfigureAwait(false);
                return listed.Count > 0 ? (ProofCamera.FromConfiguration(listed[0]), null) : (null, NoCameraListed);
            }
            catch (MipSecureException ex)
            {
                return (null, $"the recorder's cameras could not be read from the configuration ({ex.Code.Id}: {ex.Message})");
            }
            finally
            {
                _lookups.Release();
            }
        }

        // Null when the site-wide lists cannot be read in time; the recorders are then asked one by one.
        private async Task<IReadOnlyList<DiscoveredCamera>?> ReadSiteCamerasAsync(DiscoveredSite discovered, AuditSession session, AuditOptions options, CancellationToken cancellationToken)
        {
            try
            {
                return await WithinAsync(options.TimeProvider, options.Timeout, ct => _discovery.ListSiteCamerasAsync(discovered, session.AccessToken, ct), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MipSecureException or TimeoutException)
            {
                return null;
            }
        }
    }
}
