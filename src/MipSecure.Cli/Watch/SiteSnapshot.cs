using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using MipSecure.Endpoints;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Watch;

/// <summary>What one audit learned of one server address: encryption as stated and as spoken, trust, expiry and findings.</summary>
/// <param name="Name">The server's name as the site names it.</param>
/// <param name="Role">The kind of server.</param>
/// <param name="Address">The address dialled.</param>
/// <param name="EncryptionStated">Whether the configuration says https.</param>
/// <param name="EncryptionSpoken">Whether the port spoke TLS; <see langword="null"/> when it could not be learned.</param>
/// <param name="Trusted">Whether the certificate presented was trusted; <see langword="null"/> when none was presented.</param>
/// <param name="EarliestNotAfter">When the earliest certificate of the presented chain expires, if a chain was presented.</param>
/// <param name="LoginAccepted">Whether the server accepted the site's login (token); <see langword="null"/> when not tried.</param>
/// <param name="Findings">Every finding about this address.</param>
internal sealed record ServerObservation(
    string Name,
    ServerRole Role,
    Uri Address,
    bool EncryptionStated,
    bool? EncryptionSpoken,
    bool? Trusted,
    DateTimeOffset? EarliestNotAfter,
    bool? LoginAccepted,
    IReadOnlyList<TrustFinding> Findings)
{
    /// <summary>Gets the address as a metric label and log key: scheme, host and port only, so no user info or path leaks.</summary>
    public string AddressLabel => Address.Scheme + "://" + Address.IdnHost.ToLowerInvariant() + ":" + Address.Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets the role as metrics and logs spell it.</summary>
    public string RoleLabel => Role.Label();

    /// <summary>Gets whether the port answered at all.</summary>
    public bool Reachable => EncryptionSpoken is not null;

}

/// <summary>The result of one audit of the whole site.</summary>
/// <param name="CompletedAt">When the audit finished, on the watcher's clock.</param>
/// <param name="Servers">One observation per server address.</param>
/// <param name="SiteFindings">Findings about the site as a whole (the encryption rules, discovery notes).</param>
/// <param name="LoginChainWorks">Whether the login chain (token, then each recorder) worked; <see langword="null"/> when not tried.</param>
/// <param name="ExpiryWarning">How long before expiry a certificate is reported (MIPSEC1006); zero when warnings are off.</param>
internal sealed record SiteSnapshot(
    DateTimeOffset CompletedAt,
    IReadOnlyList<ServerObservation> Servers,
    IReadOnlyList<TrustFinding> SiteFindings,
    bool? LoginChainWorks,
    TimeSpan ExpiryWarning)
{
    /// <summary>Gets every finding with the address it concerns (<see langword="null"/> for the site as a whole).</summary>
    public IEnumerable<(ServerObservation? Server, TrustFinding Finding)> AllFindings =>
        Servers.SelectMany(s => s.Findings.Select(f => ((ServerObservation?)s, f)))
            .Concat(SiteFindings.Select(f => ((ServerObservation?)null, f)));

    /// <summary>Gets whether any finding is an error.</summary>
    public bool HasErrors => AllFindings.Any(f => f.Finding.Severity == FindingSeverity.Error);
}
