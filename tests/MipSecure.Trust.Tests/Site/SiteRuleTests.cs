using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using Xunit;

namespace MipSecure.Trust.Tests.Site;

/// <summary>A table of site files, each with the exact codes it must give and where each one points.</summary>
public sealed class SiteRuleTests
{
    private const string Trust = """
          "trust": { "caCertificates": ["certs/root.crt"] },
        """;

    public static TheoryData<SiteCase> Cases => new()
    {
        new("a good site", """
            {
              "$schema": "../docs/mipsecure.schema.json",
              "trust": { "caCertificates": ["certs/root.crt"], "expiryWarningDays": 30 },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/",
                  "activeWebServerUri": "https://rec1.contoso.com:7563/", "certificate": "certs/rec1.crt" },
                { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/rec2.crt" }
              ],
              "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "https://fo1.contoso.local:7563/", "certificate": "certs/fo1.crt" } ],
              "mobileServers": [ { "name": "Mobile 1", "httpUri": "http://mobile.contoso.local:8081/", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "MOBILE_PFX_PASSWORD" } ],
              "eventServers": [ { "name": "Events", "uri": "https://events.contoso.local:22331/", "certificate": "certs/events.crt" } ]
            }
            """),
        new("R5: management server encrypted, a recording server not", "{\n" + Trust + """
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" },
                { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" }
              ]
            }
            """, ("MIPSEC2001", "\"webServerUri\": \"http://rec2")),
        new("R6: recording servers encrypted, a failover recorder not", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" } ],
              "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "http://fo1.contoso.local:7563/" } ]
            }
            """, ("MIPSEC2002", "\"webServerUri\": \"http://fo1")),
        new("R8: recording servers do not trust the management server's CA", """
            {
              "trust": { "caCertificates": ["certs/root.crt"], "recordingServers": { "caCertificates": ["certs/other-root.crt"] } },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" }
            }
            """, ("MIPSEC2003", "\"certificate\": \"certs/mgmt.crt\"")),
        new("R8: the management server does not trust a recording server's CA", """
            {
              "trust": { "caCertificates": ["certs/root.crt"], "managementServer": { "caCertificates": ["certs/other-root.crt"] } },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" } ],
              "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "https://fo1.contoso.local:7563/", "certificate": "certs/fo1.crt" } ]
            }
            """, ("MIPSEC2024", "\"certs/other-root.crt\""), ("MIPSEC2004", "\"certificate\": \"certs/rec1.crt\""), ("MIPSEC2004", "\"certificate\": \"certs/fo1.crt\"")),
        new("R8: the clients do not trust a recording server's CA", """
            {
              "trust": { "caCertificates": ["certs/root.crt"], "managementServer": { "caCertificates": ["certs/root.crt", "certs/other-root.crt"] } },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1-fabrikam.crt" } ]
            }
            """, ("MIPSEC2005", "\"certificate\": \"certs/rec1-fabrikam.crt\"")),
        new("R3 judged with the anchors of the party that trusts the chain, though another party does not", """
            {
              "trust": { "caCertificates": ["certs/root.crt"], "managementServer": { "caCertificates": ["certs/other-root.crt"] } },
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/rec2-expiring-issuer.crt" } ]
            }
            """, ("MIPSEC2004", "\"certificate\""), ("MIPSEC1006", "\"certificate\""), ("MIPSEC1006", "\"certificate\"")),
        new("R1: the active address's host is not in the certificate", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/",
                                      "activeWebServerUri": "https://rec1.contoso.com:7563/", "certificate": "certs/rec1-local-only.crt" } ]
            }
            """, ("MIPSEC1002", "\"activeWebServerUri\"")),
        new("R3: an expired server certificate", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/expired.crt" } ]
            }
            """, ("MIPSEC1004", "\"certificate\": \"certs/expired.crt\"")),
        new("R4: a certificate not issued for server authentication", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/no-eku.crt" } ]
            }
            """, ("MIPSEC1007", "\"certificate\": \"certs/no-eku.crt\"")),
        new("R4: a PFX without its private key", "{\n" + Trust + """
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile-nokey.pfx", "certificatePasswordVariable": "MOBILE_PFX_PASSWORD" } ]
            }
            """, ("MIPSEC2006", "\"certificate\": \"certs/mobile-nokey.pfx\"")),
        new("an https address with no certificate to check", "{\n" + Trust + """
              "eventServers": [ { "name": "Events", "uri": "https://events.contoso.local:22331/" } ]
            }
            """, ("MIPSEC2007", "\"uri\": \"https://events")),
        new("a certificate ready while encryption is off", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/", "certificate": "certs/rec2.crt" } ]
            }
            """, ("MIPSEC2008", "\"certificate\": \"certs/rec2.crt\"")),
        new("one host listed twice with different certificates", "{\n" + Trust + """
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "eventServers": [ { "name": "Events", "uri": "https://mgmt.contoso.local:22331/", "certificate": "certs/events-on-mgmt.crt" } ]
            }
            """, ("MIPSEC2009", "\"uri\": \"https://mgmt.contoso.local:22331/\"")),
        new("two recording servers with one name", "{\n" + Trust + """
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" },
                { "name": "recorder 1", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/rec2.crt" }
              ]
            }
            """, ("MIPSEC2010", "\"name\": \"recorder 1\"")),
        new("a trusted CA that expires soon", """
            {
              "trust": { "caCertificates": ["certs/root.crt", "certs/expiring-root.crt"] },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" } ]
            }
            """, ("MIPSEC2011", "\"certs/expiring-root.crt\"")),
        new("a trusted CA that has expired", """
            {
              "trust": { "caCertificates": ["certs/root.crt", "certs/expired-root.crt"] },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" } ]
            }
            """, ("MIPSEC2012", "\"certs/expired-root.crt\"")),
        new("encrypted servers and no trusted CA at all", """
            {
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" } ]
            }
            """, ("MIPSEC2013", null), ("MIPSEC2013", null)),
        new("one server's addresses disagree about encryption", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/",
                                      "activeWebServerUri": "http://rec1.contoso.com:7563/", "certificate": "certs/rec1.crt" } ]
            }
            """, ("MIPSEC2014", "\"activeWebServerUri\"")),
        new("a server certificate listed as a trusted CA", """
            {
              "trust": { "caCertificates": ["certs/root.crt", "certs/events.crt"] },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" } ]
            }
            """, ("MIPSEC2015", "\"certs/events.crt\"")),
        new("http everywhere: encryption off, nothing to trust", """
            {
              "managementServer": { "uri": "http://mgmt.contoso.local/" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "http://rec1.contoso.local:7563/" } ],
              "mobileServers": [ { "name": "Mobile 1", "httpUri": "http://mobile.contoso.local:8081/" } ]
            }
            """),
        new("mixed: management server on http, one recorder and the mobile server on https", "{\n" + Trust + """
              "managementServer": { "uri": "http://mgmt.contoso.local/" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" },
                { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" }
              ],
              "mobileServers": [ { "name": "Mobile 1", "httpUri": "http://mobile.contoso.local:8081/", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "MOBILE_PFX_PASSWORD" } ]
            }
            """),
        new("mixed: management server on https, one recorder and the failover on http", "{\n" + Trust + """
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" },
                { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" }
              ],
              "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "http://fo1.contoso.local:7563/" } ]
            }
            """, ("MIPSEC2001", "\"webServerUri\": \"http://rec2"), ("MIPSEC2002", "\"webServerUri\": \"http://fo1")),
        new("a DER certificate issued by the root itself", "{\n" + Trust + """
              "eventServers": [ { "name": "Events", "uri": "https://events.contoso.local:22331/", "certificate": "certs/events-direct.cer" } ]
            }
            """),
        new("a certificate path with spaces", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/certs with spaces/recorder one.crt" } ]
            }
            """),
        new("a PFX whose password variable is not set", "{\n" + Trust + """
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "MIPSECURE_TEST_UNSET_VARIABLE" } ]
            }
            """, ("MIPSEC3007", "\"certificate\": \"certs/mobile.pfx\"")),
        new("a PFX named without a password variable", "{\n" + Trust + """
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/", "certificate": "certs/mobile.pfx" } ]
            }
            """, ("MIPSEC3006", "\"certificate\": \"certs/mobile.pfx\"")),
        new("a missing certificate file", "{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/missing.crt" } ]
            }
            """, ("MIPSEC3001", "\"certificate\": \"certs/missing.crt\"")),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Site_gives_exactly_the_expected_codes_at_their_locations(SiteCase site)
    {
        using var folder = new SiteFolder().Write(site.Json);

        var report = folder.Check();

        Assert.Equal(
            folder.Expected(site.Expected).Order(StringComparer.Ordinal),
            SiteFolder.Describe(report.Findings).Order(StringComparer.Ordinal));
        Assert.All(report.Findings, f => Assert.Equal(folder.ConfigurationPath, f.Location.FilePath));
        var (errors, unreadable) = ExpectedOutcome(site.Expected.Select(e => e.Code));
        Assert.Equal(errors, report.HasErrors);
        Assert.Equal(unreadable, report.HasUnreadableInput);
    }

    [Fact]
    public void Every_site_rule_finding_names_its_server_and_role()
    {
        using var folder = new SiteFolder().Write("{\n" + Trust + """
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" } ]
            }
            """);

        var finding = Assert.Single(folder.Check().Findings);

        Assert.Equal("Recorder 2", finding.ServerName);
        Assert.Equal(MipSecure.Trust.ServerRole.RecordingServer, finding.ServerRole);
        Assert.Contains("'Recorder 2'", finding.Message, StringComparison.Ordinal);
        Assert.Contains("https://mgmt.contoso.local/", finding.Message, StringComparison.Ordinal);
        Assert.True(folder.Check().HasErrors);
        Assert.False(folder.Check().HasUnreadableInput);
    }

    [Fact]
    public void Host_name_findings_name_both_hosts_a_recorder_is_reached_by()
    {
        using var folder = new SiteFolder().Write("{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.com:7563/",
                                      "activeWebServerUri": "https://rec1.public.example:7563/", "certificate": "certs/rec2.crt" } ]
            }
            """);

        var report = folder.Check();

        var mismatches = report.Findings.Where(f => f.Code.Equals(MipSecCodes.HostNameMismatch)).ToList();
        Assert.Equal(2, mismatches.Count);
        Assert.Contains(mismatches, f => f.Message.Contains("rec1.contoso.com", StringComparison.Ordinal));
        Assert.Contains(mismatches, f => f.Message.Contains("rec1.public.example", StringComparison.Ordinal));
    }

    [Fact]
    public void Missing_password_variable_never_reveals_a_password_and_names_the_variable()
    {
        using var folder = new SiteFolder();
        folder.Variables.Remove("MOBILE_PFX_PASSWORD");
        folder.Write("{\n" + Trust + """
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "MOBILE_PFX_PASSWORD" } ]
            }
            """);

        var finding = Assert.Single(folder.Check().Findings);

        Assert.Equal(MipSecCodes.PasswordVariableMissing, finding.Code);
        Assert.Contains("MOBILE_PFX_PASSWORD", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(SiteCertificates.MobilePassword, finding.ToString(), StringComparison.Ordinal);
        Assert.True(folder.Check().HasUnreadableInput);
    }

    [Fact]
    public void Password_is_read_from_the_process_environment_by_default()
    {
        var variable = "MIPSECURE_TEST_PFX_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, SiteCertificates.MobilePassword);
        try
        {
            using var folder = new SiteFolder().Write("{\n" + Trust + $$"""
                  "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/",
                                       "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "{{variable}}" } ]
                }
                """);

            var report = SiteChecker.CheckFile(folder.ConfigurationPath, new SiteCheckOptions { TimeProvider = SiteCertificates.Shared.Clock });

            Assert.Empty(report.Findings);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Store_reference_that_cannot_be_read_here_is_a_located_coded_finding()
    {
        using var folder = new SiteFolder().Write("{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/",
                                      "certificate": "cert:LocalMachine/My/00112233445566778899AABBCCDDEEFF00112233" } ]
            }
            """);

        var finding = Assert.Single(folder.Check().Findings);

        // No Windows store here (3008); on Windows the store exists but holds no such certificate (3009).
        Assert.Contains(finding.Code.Id, new[] { "MIPSEC3008", "MIPSEC3009" });
        Assert.Equal(folder.PositionOf("\"certificate\""), (finding.Location.Line, finding.Location.Column));
        Assert.Equal("Recorder 1", finding.ServerName);
    }

    [Fact]
    public void Missing_certificate_names_the_path_as_written_and_as_resolved()
    {
        using var folder = new SiteFolder().Write("{\n" + Trust + """
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/missing.crt" } ]
            }
            """);

        var finding = Assert.Single(folder.Check().Findings);

        Assert.Contains("'certs/missing.crt'", finding.Message, StringComparison.Ordinal);
        Assert.Contains(System.IO.Path.Combine(folder.Path, "certs", "missing.crt"), finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Private_key_finding_says_how_to_grant_the_service_account_access()
    {
        using var folder = new SiteFolder().Write("{\n" + Trust + """
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile-nokey.pfx", "certificatePasswordVariable": "MOBILE_PFX_PASSWORD" } ]
            }
            """);

        var finding = Assert.Single(folder.Check().Findings);

        Assert.Equal(MipSecCodes.PrivateKeyMissing, finding.Code);
        Assert.Contains("certlm.msc", finding.Remedy, StringComparison.Ordinal);
        Assert.Contains("Manage Private Keys", finding.Remedy, StringComparison.Ordinal);
        Assert.Contains("service account", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_warning_window_comes_from_the_file_and_the_clock()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/root.crt", "certs/expiring-root.crt"], "expiryWarningDays": 5 }
            }
            """);

        Assert.Empty(folder.Check().Findings);

        var later = folder.Options;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(SiteCertificates.Epoch.AddDays(6));
        later.TimeProvider = clock;
        var report = SiteChecker.CheckFile(folder.ConfigurationPath, later);

        Assert.Equal(new[] { "MIPSEC2011" }, report.Findings.Select(f => f.Code.Id));
        Assert.Contains("in 4 days", report.Findings[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_are_in_file_order_and_the_same_on_every_run()
    {
        using var folder = new SiteFolder().Write("{\n" + Trust + """
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" },
                { "name": "Recorder 3", "webServerUri": "http://rec3.contoso.local:7563/" }
              ],
              "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "http://fo1.contoso.local:7563/" } ],
              "eventServers": [ { "name": "Events", "uri": "https://events.contoso.local:22331/" } ]
            }
            """);

        var first = folder.Check();
        var second = folder.Check();

        var lines = first.Findings.Select(f => f.Location.Line).ToList();
        Assert.Equal(lines.Order(), lines);
        Assert.Equal(first.Findings.Select(f => f.ToString()), second.Findings.Select(f => f.ToString()));
        Assert.Equal(new[] { "MIPSEC2001", "MIPSEC2001", "MIPSEC2007" }, first.Findings.Select(f => f.Code.Id));
        Assert.Equal(SiteVerdict.Failed, first.Verdict);
    }

    // Whether an expected code is an error, and whether one of those errors is about unreadable input.
    private static (bool Errors, bool Unreadable) ExpectedOutcome(IEnumerable<string> codes)
    {
        var errors = codes.Select(c => MipSecCodes.TryGet(c, out var code) ? code : null)
            .Where(code => code is not null && code.DefaultSeverity == FindingSeverity.Error).ToList();
        return (errors.Count > 0, errors.Any(code => code!.Category == MipSecCodeCategory.UnreadableInput));
    }

    public sealed class SiteCase
    {
        public SiteCase(string name, string json, params (string Code, string? At)[] expected)
        {
            Name = name;
            Json = json;
            Expected = expected;
        }

        public string Name { get; }

        public string Json { get; }

        public (string Code, string? At)[] Expected { get; }

        public override string ToString() => Name;
    }
}
