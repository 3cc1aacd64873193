using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Trust;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// Describes a simulated XProtect site server by server, then starts it. Each <c>Add…</c> method takes an optional
/// function that adjusts the server's <see cref="SimulatedServerDefinition"/> with a <c>with</c> expression.
/// </summary>
public sealed partial class SimulatedSiteBuilder
{
    // Generating RSA keys is the slow part of a start: sites on the system clock share one CA (and all sites one server key pair).
    // Its validity periods count from the moment the process first needed it.
    private static readonly Lazy<CertificateAuthority> SharedAuthority = new(() =>
        CertificateAuthority.CreateRoot("MipSecure Simulated Site CA", new FrozenClock(TimeProvider.System.GetUtcNow())));

    private readonly List<SimulatedServerDefinition> _servers = new();
    private TimeProvider _timeProvider = TimeProvider.System;
    private CertificateAuthority? _authority;
    private SimulatedCredentials? _credentials;
    private TimeSpan _liveFrameInterval = TimeSpan.FromMilliseconds(200);
    private TimeSpan _accessTokenLifetime = TimeSpan.FromSeconds(SimulatedTokenService.TokenLifetimeSeconds);
    private TimeSpan _vmsTokenLifetime = SimulatedTokenService.DefaultVmsTokenLifetime;
    private SimulatedUserRole _userRole = SimulatedUserRole.Administrator;
    private bool _registeredServices = true;
    private (string Domain, string? UserName)? _windowsUser;

    internal SimulatedSiteBuilder()
    {
    }

    /// <summary>Gets the servers described so far.</summary>
    public IReadOnlyList<SimulatedServerDefinition> Servers => _servers;

    /// <summary>Sets the clock for certificates, tokens, live frames and dripping faults.</summary>
    /// <param name="timeProvider">The clock; a fake one makes expiry and pacing controllable.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        return this;
    }

    /// <summary>
    /// Uses an existing CA (the caller keeps ownership). Without one, sites on the system clock share a process-wide CA and
    /// sites on another clock get their own, so certificate validity follows that clock. Sites sharing a CA share the certificates it issued.
    /// </summary>
    /// <param name="authority">The CA that issues the servers' certificates.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithCertificateAuthority(CertificateAuthority authority)
    {
        _authority = authority ?? throw new ArgumentNullException(nameof(authority));
        return this;
    }

    /// <summary>Sets the basic user the site accepts; by default "operator" with a random password.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithCredentials(string userName, string password)
    {
        _credentials = new SimulatedCredentials(userName, password);
        return this;
    }

    /// <summary>
    /// Sets the role of the site's user; an <see cref="SimulatedUserRole.Operator"/> gets 403 on the configuration, a user in
    /// <see cref="SimulatedUserRole.NoRole"/> also gets 403 at ServerCommandService <c>Login</c>.
    /// </summary>
    /// <param name="role">The role.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithUserRole(SimulatedUserRole role)
    {
        _userRole = role;
        return this;
    }

    /// <summary>
    /// Adds a Windows user that the identity provider accepts with <c>grant_type=windows_credentials</c> at <c>/IDP/connect/token</c>,
    /// negotiated over HTTP Negotiate (NTLM) with the platform's own client and server. The password is random; read it from
    /// <see cref="SimulatedSite.WindowsUser"/>. Needs <see cref="SimulatedWindowsUser.UnavailableReason"/> to be <see langword="null"/>
    /// (on Linux: the GSSAPI NTLM mechanism, Debian's gss-ntlmssp), or the start throws.
    /// </summary>
    /// <param name="domain">The NetBIOS domain.</param>
    /// <param name="userName">The user name; by default a name unique to the site, since every site of a process shares one NTLM user list.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithWindowsUser(string domain = "CONTOSO", string? userName = null)
    {
        if (string.IsNullOrEmpty(domain) || domain.Contains(':', StringComparison.Ordinal) || domain.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException("A NetBIOS domain name without ':' or '\\' is needed.", nameof(domain));
        }

        if (userName is not null && (userName.Length == 0 || userName.Contains(':', StringComparison.Ordinal) || userName.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A user name without ':' or '\\' is needed.", nameof(userName));
        }

        _windowsUser = (domain, userName);
        return this;
    }

    /// <summary>
    /// Makes the management server older than 2024 R2: it has no <c>/api/rest/v1/registeredServices</c> (404), so mobile and
    /// event servers cannot be discovered through it.
    /// </summary>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithoutRegisteredServices()
    {
        _registeredServices = false;
        return this;
    }

    /// <summary>Sets the time between live frames on the site's clock.</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithLiveFrameInterval(TimeSpan interval)
    {
        _liveFrameInterval = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval));
        return this;
    }

    /// <summary>Sets the token lifetimes the site issues (and reports): short ones force renewals on a fake clock.</summary>
    /// <param name="accessToken">The identity provider's <c>expires_in</c>; <see langword="null"/> keeps 3600 s.</param>
    /// <param name="vmsToken">Login's <c>TimeToLive</c>; <see langword="null"/> keeps four hours.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder WithTokenLifetimes(TimeSpan? accessToken = null, TimeSpan? vmsToken = null)
    {
        if (accessToken <= TimeSpan.Zero || vmsToken <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(accessToken <= TimeSpan.Zero ? nameof(accessToken) : nameof(vmsToken), "A token lifetime must be positive.");
        }

        _accessTokenLifetime = accessToken ?? _accessTokenLifetime;
        _vmsTokenLifetime = vmsToken ?? _vmsTokenLifetime;
        return this;
    }

    /// <summary>Adds a server described in full, for example one mapped from a site model.</summary>
    /// <param name="definition">The server.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddServer(SimulatedServerDefinition definition)
    {
        if (definition is null)
        {
            throw new ArgumentNullException(nameof(definition));
        }

        if (_servers.Any(s => string.Equals(s.Name, definition.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ArgumentException($"The site already has a server named '{definition.Name}'.", nameof(definition));
        }

        if (definition.Role == ServerRole.ManagementServer && _servers.Any(s => s.Role == ServerRole.ManagementServer))
        {
            throw new ArgumentException("A site has one management server.", nameof(definition));
        }

        _servers.Add(definition);
        return this;
    }

    /// <summary>Adds the management server.</summary>
    /// <param name="hostName">Its host name.</param>
    /// <param name="configure">Adjusts the definition.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddManagementServer(string hostName = "mgmt.contoso.local", Func<SimulatedServerDefinition, SimulatedServerDefinition>? configure = null) =>
        Add(ServerRole.ManagementServer, "Management Server", hostName, configure);

    /// <summary>Adds a recording server.</summary>
    /// <param name="name">Its display name.</param>
    /// <param name="hostName">Its host name.</param>
    /// <param name="configure">Adjusts the definition.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddRecordingServer(string name = "Recorder 1", string hostName = "rec1.contoso.local", Func<SimulatedServerDefinition, SimulatedServerDefinition>? configure = null) =>
        Add(ServerRole.RecordingServer, name, hostName, configure);

    /// <summary>Adds a failover recorder.</summary>
    /// <param name="name">Its display name.</param>
    /// <param name="hostName">Its host name.</param>
    /// <param name="configure">Adjusts the definition.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddFailoverRecorder(string name = "Failover 1", string hostName = "fo1.contoso.local", Func<SimulatedServerDefinition, SimulatedServerDefinition>? configure = null) =>
        Add(ServerRole.FailoverRecorder, name, hostName, configure);

    /// <summary>Adds a mobile server.</summary>
    /// <param name="name">Its display name.</param>
    /// <param name="hostName">Its host name.</param>
    /// <param name="configure">Adjusts the definition.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddMobileServer(string name = "Mobile 1", string hostName = "mobile.contoso.local", Func<SimulatedServerDefinition, SimulatedServerDefinition>? configure = null) =>
        Add(ServerRole.MobileServer, name, hostName, configure);

    /// <summary>Adds an event server.</summary>
    /// <param name="name">Its display name.</param>
    /// <param name="hostName">Its host name.</param>
    /// <param name="configure">Adjusts the definition.</param>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddEventServer(string name = "Event Server", string hostName = "events.contoso.local", Func<SimulatedServerDefinition, SimulatedServerDefinition>? configure = null) =>
        Add(ServerRole.EventServer, name, hostName, configure);

    /// <summary>Adds the usual site: a management server, two recording servers, a failover recorder, a mobile server and an event server, all encrypted with valid certificates.</summary>
    /// <returns>This builder.</returns>
    public SimulatedSiteBuilder AddStandardSite() =>
        AddManagementServer()
            .AddRecordingServer()
            .AddRecordingServer("Recorder 2", "rec2.contoso.local")
            .AddFailoverRecorder()
            .AddMobileServer()
            .AddEventServer();

    /// <summary>Starts the site: binds every listener on 127.0.0.1 and returns once all accept connections.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running site; dispose it to stop every server.</returns>
    public Task<SimulatedSite> StartAsync(CancellationToken cancellationToken = default)
    {
        SiteRuntime.PrepareServerKey();
        var ownsAuthority = _authority is null && _timeProvider != TimeProvider.System;
        var authority = _authority ?? (ownsAuthority ? CertificateAuthority.CreateRoot("MipSecure Simulated Site CA", _timeProvider) : SharedAuthority.Value);
        var credentials = new SimulatedCredentials(
            _credentials?.UserName ?? "operator", _credentials?.Password ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), _userRole);
        var windowsUser = _windowsUser is { } windows
            ? new SimulatedWindowsUser(windows.Domain, windows.UserName ?? "svc-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), _userRole)
            : null;
        if (windowsUser is not null)
        {
            Negotiate.NtlmUserFile.Add(windowsUser);
        }

        var runtime = new SiteRuntime(authority, _timeProvider, credentials, _liveFrameInterval, _accessTokenLifetime, _vmsTokenLifetime)
        {
            RegisteredServicesAvailable = _registeredServices,
            WindowsUser = windowsUser,
        };
        return SimulatedSite.StartAsync(runtime, _servers.ToArray(), ownsAuthority, cancellationToken);
    }

    private SimulatedSiteBuilder Add(ServerRole role, string name, string hostName, Func<SimulatedServerDefinition, SimulatedServerDefinition>? configure)
    {
        var definition = new SimulatedServerDefinition(role, name, hostName);
        return AddServer(configure is null ? definition : configure(definition) ?? throw new InvalidOperationException("The configure function returned null."));
    }
}
