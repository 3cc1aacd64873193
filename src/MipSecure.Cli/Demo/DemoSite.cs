using System.Threading;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;

namespace MipSecure.Cli.Demo;

/// <summary>
/// The site <c>mipsecure demo</c> runs: an encrypted management server; recording servers with a valid, an expired and a
/// wrong-host certificate; a fourth recording server in plaintext (which the encrypted management server forbids); an
/// unprepared failover recorder; and a mobile server.
/// </summary>
internal static class DemoSite
{
    public static Task<SimulatedSite> StartAsync(CancellationToken cancellationToken) =>
        SimulatedSite.StartAsync(site => Describe(site), cancellationToken);

    /// <summary>Adds the demo site's servers to <paramref name="site"/>.</summary>
    public static SimulatedSiteBuilder Describe(SimulatedSiteBuilder site) =>
        site
                .AddManagementServer("mgmt.contoso.local")
                .AddRecordingServer("Recorder 1", "rec1.contoso.local")
                .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { CertificateProfile = CertificateProfile.Expired })
                .AddRecordingServer("Recorder 3", "rec3.contoso.local", d => d with { CertificateProfile = CertificateProfile.WrongHost })
                .AddRecordingServer("Recorder 4", "rec4.contoso.local", d => d with { Encrypted = false })
                .AddFailoverRecorder("Failover 1", "fo1.contoso.local", d => d with { Encrypted = false })
                .AddMobileServer("Mobile 1", "mobile.contoso.local");
}
