using System;
using System.Collections.Generic;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Discovery;
using MipSecure.Trust.Certificates;

namespace MipSecure.Cli.Audit;

/// <summary>What one audit of a live site needs: where the site is, how to log in, whom to trust, and its limits.</summary>
internal sealed record AuditOptions
{
    public AuditOptions(Uri managementServer, IAuditLogin login, TrustAnchorSet anchors)
    {
        ManagementServer = managementServer ?? throw new ArgumentNullException(nameof(managementServer));
        Login = login ?? throw new ArgumentNullException(nameof(login));
        Anchors = anchors ?? throw new ArgumentNullException(nameof(anchors));
    }

    /// <summary>Gets the management server's address, for example https://mgmt.contoso.local/.</summary>
    public Uri ManagementServer { get; init; }

    /// <summary>Gets how the audit logs in.</summary>
    public IAuditLogin Login { get; init; }

    /// <summary>Gets the CA certificates the audit (a client of the site) trusts.</summary>
    public TrustAnchorSet Anchors { get; init; }

    /// <summary>Gets the CA files the anchors came from; <c>--write-config</c> copies them beside the site file.</summary>
    public IReadOnlyList<string> CaFiles { get; init; } = Array.Empty<string>();

    /// <summary>Gets host-to-address overrides (<c>--resolve</c>).</summary>
    public AddressOverrides AddressOverrides { get; init; } = AddressOverrides.None;

    /// <summary>Gets which recorder addresses clients use (<c>--address</c>).</summary>
    public AddressSelection Addresses { get; init; } = AddressSelection.Local;

    /// <summary>Gets whether disabled servers are audited too.</summary>
    public bool IncludeDisabled { get; init; }

    /// <summary>
    /// Gets the camera whose frame proves the login end to end on every recorder (<c>--camera</c>); without one, each recorder is
    /// asked for a frame from the first enabled camera the configuration lists on its hardware.
    /// </summary>
    public Guid? Camera { get; init; }

    /// <summary>Gets the longest wait for any one server or step.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how many servers are probed at once.</summary>
    public int Concurrency { get; init; } = 16;

    /// <summary>Gets how the login is proven on a recording server, given the connector the audit trusts.</summary>
    public Func<SecureConnector, TimeProvider, IRecorderLoginProof> CreateLoginProof { get; init; } =
        static (connector, clock) => new ImageServerLoginProof(connector, clock);

    /// <summary>Gets how many days before expiry a certificate is reported (MIPSEC1006); zero turns the warning off.</summary>
    public int ExpiryWarningDays { get; init; } = Trust.Validation.ExpiryWarningWindow.DefaultDays;

    /// <summary>Gets the clock certificates and timeouts run on.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
