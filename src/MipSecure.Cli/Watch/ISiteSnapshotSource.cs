using System.Threading;
using System.Threading.Tasks;

namespace MipSecure.Cli.Watch;

/// <summary>Audits a site once: from its mipsecure.json and live probes, or by logging in to its management server.</summary>
internal interface ISiteSnapshotSource
{
    /// <summary>Gets how logs name the site, for example the file or the management server address (never a credential).</summary>
    string Description { get; }

    /// <summary>
    /// Audits the site. Each server is bounded by its own timeout, so one slow server never delays the others past it.
    /// </summary>
    /// <param name="cancellationToken">Ends the audit.</param>
    /// <returns>What the audit found.</returns>
    /// <exception cref="MipSecure.Trust.Diagnostics.MipSecureException">The site could not be audited at all (unreadable file, failed login).</exception>
    Task<SiteSnapshot> CaptureAsync(CancellationToken cancellationToken);
}
