using System.Linq;
using MipSecure.Trust.Site;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Trust.Tests.Site;

/// <summary>The findings of a site report, in report order, each as the build prints it with its fix.</summary>
public sealed class SiteReportSnapshotTests
{
    [Fact]
    public void Good_site()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/root.crt"] },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/",
                  "activeWebServerUri": "https://rec1.contoso.com:7563/", "certificate": "certs/rec1.crt" }
              ],
              "mobileServers": [ { "name": "Mobile 1", "httpUri": "http://mobile.contoso.local:8081/", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "MOBILE_PFX_PASSWORD" } ]
            }
            """);

        Snapshot.Verify(Findings(folder.Check()), scrubber: SiteFolder.ScrubFolder);
    }

    [Fact]
    public void Broken_site()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": {
                "caCertificates": ["certs/root.crt", "certs/expiring-root.crt"],
                "recordingServers": { "caCertificates": ["certs/other-root.crt"] }
              },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" },
                { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/", "certificate": "certs/rec2.crt" },
                { "name": "Recorder 2", "webServerUri": "https://rec3.contoso.local:7563/" }
              ],
              "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "http://fo1.contoso.local:7563/" } ]
            }
            """);

        Snapshot.Verify(Findings(folder.Check()), scrubber: SiteFolder.ScrubFolder);
    }

    [Fact]
    public void Unreadable_file()
    {
        using var folder = new SiteFolder().Write("{\n  \"managementServer\": { \"uri\": \"https://mgmt.contoso.local/\" }\n  \"recordingServers\": []\n}\n");

        Snapshot.Verify(Findings(folder.Check()), scrubber: SiteFolder.ScrubFolder);
    }

    private static string Findings(SiteReport report) =>
        string.Concat(report.Findings.Select(f => f + "\n  fix: " + f.Remedy + "\n"));
}
