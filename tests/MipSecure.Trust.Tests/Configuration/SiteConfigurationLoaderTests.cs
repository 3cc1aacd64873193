using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using MipSecure.Trust.Tests.Site;
using Xunit;

namespace MipSecure.Trust.Tests.Configuration;

/// <summary>Every kind of bad mipsecure.json gives its own code at the exact line and column; good ones give a located model.</summary>
public sealed class SiteConfigurationLoaderTests
{
    public static TheoryData<LoadCase> Cases => new()
    {
        new("an empty file", "", ("MIPSEC3053", null)),
        new("white space and comments only", "  \n// nothing here yet\n/* still nothing */\n", ("MIPSEC3053", null)),
        new("a missing comma", """
            {
              "trust": {
                "caCertificates": ["certs/root.crt"]
                "expiryWarningDays": 5
              }
            }
            """, ("MIPSEC3052", "\"expiryWarningDays\"")),
        new("a single-quoted string", """
            {
              "managementServer": { "uri": 'https://mgmt.contoso.local/' }
            }
            """, ("MIPSEC3052", "'https")),
        new("an unterminated object", "{\n  \"trust\": {\n", ("MIPSEC3052", null, 3, 1)),
        new("comments and trailing commas", """
            {
              // The CA every party trusts.
              "trust": { "caCertificates": ["certs/root.crt",], /* default */ "expiryWarningDays": 30, },
              "recordingServers": [ { "webServerUri": "http://rec2.contoso.local:7563/", }, ],
            }
            """),
        new("an unknown property", """
            {
              "trust": { "caCertificates": ["certs/root.crt"] },
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/", "port": 7563 } ]
            }
            """, ("MIPSEC3054", "\"port\"")),
        new("a property in the wrong case", """
            {
              "recordingServers": [ { "name": "Recorder 2", "WebServerUri": "http://rec2.contoso.local:7563/" } ]
            }
            """, ("MIPSEC3054", "\"WebServerUri\""), ("MIPSEC3058", "{ \"name\"")),
        new("a list written as an object", """
            {
              "recordingServers": { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" }
            }
            """, ("MIPSEC3055", "{ \"name\"")),
        new("a number where an address belongs", """
            {
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": 7563 } ]
            }
            """, ("MIPSEC3055", "7563")),
        new("days written as a string", """
            {
              "trust": { "caCertificates": ["certs/root.crt"], "expiryWarningDays": "30" }
            }
            """, ("MIPSEC3055", "\"30\"")),
        new("a CA list written as one string", """
            {
              "trust": { "caCertificates": "certs/root.crt" }
            }
            """, ("MIPSEC3055", "\"certs/root.crt\"")),
        new("an array as the whole file", "[ { \"trust\": {} } ]", ("MIPSEC3055", null)),
        new("negative expiry days", """
            {
              "trust": { "caCertificates": ["certs/root.crt"], "expiryWarningDays": -1 }
            }
            """, ("MIPSEC3057", "-1")),
        new("an address without a scheme", """
            {
              "managementServer": { "uri": "mgmt.contoso.local" }
            }
            """, ("MIPSEC3056", "\"mgmt.contoso.local\"")),
        new("an http address in httpsUri", """
            {
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "http://mobile.contoso.local:8081/" } ]
            }
            """, ("MIPSEC3056", "\"http://mobile")),
        new("a recording server without an address", """
            {
              "recordingServers": [ { "name": "Recorder 2" } ]
            }
            """, ("MIPSEC3058", "{ \"name\"")),
        new("a party override without its list", """
            {
              "trust": { "caCertificates": ["certs/root.crt"], "clients": { } }
            }
            """, ("MIPSEC3058", "\"clients\"")),
        new("a malformed store reference", """
            {
              "trust": { "caCertificates": ["cert:LocalMachine/Roots/ABCDEF"] }
            }
            """, ("MIPSEC3060", "\"cert:")),
        new("a certificate path the file system cannot hold", """
            {
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt\u0000.crt" }
            }
            """, ("MIPSEC3057", "\"certificate\"")),
        new("a property written twice", """
            {
              "managementServer": { "uri": "http://mgmt.contoso.local/", "uri": "https://mgmt.contoso.local/" }
            }
            """, ("MIPSEC3061", "\"uri\": \"https")),
        new("a password in the file", """
            {
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePassword": "hunter2-Secret" } ]
            }
            """, ("MIPSEC3062", "\"certificatePassword\"")),
        new("a password in the variable's place", """
            {
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "hunter2 Secret!" } ]
            }
            """, ("MIPSEC3057", "\"hunter2")),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void File_gives_exactly_the_expected_codes_at_their_locations(LoadCase file)
    {
        using var folder = new SiteFolder().Write(file.Json);

        var result = folder.Load();

        var expected = file.Expected.Select(e => e.Line > 0
            ? e.Code + "@" + e.Line + ":" + e.Column
            : folder.Expected(new[] { (e.Code, e.At) })[0]);
        Assert.Equal(expected.Order(StringComparer.Ordinal), SiteFolder.Describe(result.Findings).Order(StringComparer.Ordinal));
        Assert.All(result.Findings, f => Assert.Equal(folder.ConfigurationPath, f.Location.FilePath));
        Assert.Equal(file.Expected.Any(e => MipSecCodes.TryGet(e.Code, out var c) && c.DefaultSeverity == FindingSeverity.Error), result.HasErrors);
    }

    [Theory]
    [InlineData("invalid UTF-8 in a string", new byte[] { 0x7B, 0x22, 0x74, 0x72, 0x75, 0x73, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D })]
    [InlineData("invalid UTF-8 in a name", new byte[] { 0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D })]
    [InlineData("a binary PFX header", new byte[] { 0x30, 0x82, 0x0A, 0x1F, 0x02, 0x01, 0x03, 0x30, 0x82, 0x09, 0xE5 })]
    [InlineData("an HTTP response", new byte[] { 0x48, 0x54, 0x54, 0x50, 0x2F, 0x31, 0x2E, 0x31, 0x20, 0x32, 0x30, 0x30, 0x0D, 0x0A })]
    [InlineData("UTF-16 text", new byte[] { 0xFF, 0xFE, 0x7B, 0x00, 0x7D, 0x00 })]
    public void Garbage_is_a_coded_error_never_a_crash(string what, byte[] content)
    {
        using var folder = new SiteFolder();
        File.WriteAllBytes(folder.ConfigurationPath, content);

        var result = folder.Load();

        var finding = Assert.Single(result.Findings);
        Assert.True(finding.Code.Equals(MipSecCodes.ConfigurationMalformed), what + " gave " + finding);
        Assert.True(finding.Location.Line >= 1 && finding.Location.Column >= 1);
    }

    [Fact]
    public void Revocation_lists_are_read_relative_to_the_file_and_a_non_string_is_refused()
    {
        using var folder = new SiteFolder().Write("{ \"trust\": { \"crls\": [\"crls/contoso.crl\", 5] } }");

        var result = folder.Load();

        var list = Assert.Single(result.Configuration!.Trust.RevocationLists);
        Assert.Equal("crls/contoso.crl", list.Text);
        Assert.Equal(System.IO.Path.GetFullPath(System.IO.Path.Combine(folder.Path, "crls", "contoso.crl")), list.ResolvedPath);
        Assert.Equal(MipSecCodes.ConfigurationWrongType, Assert.Single(result.Findings).Code);
    }

    [Fact]
    public void Nesting_deeper_than_any_site_needs_is_malformed()
    {
        using var folder = new SiteFolder().Write("{ \"trust\": " + new string('[', 100) + new string(']', 100) + " }");

        Assert.Equal(MipSecCodes.ConfigurationMalformed, Assert.Single(folder.Load().Findings).Code);
    }

    [Theory]
    [InlineData("1e3")]
    [InlineData("30.5")]
    [InlineData("99999999999999999999")]
    public void Expiry_days_that_are_not_whole_numbers_in_range_are_refused(string days)
    {
        using var folder = new SiteFolder().Write("{ \"trust\": { \"expiryWarningDays\": " + days + " } }");

        Assert.Equal(MipSecCodes.ConfigurationValueOutOfRange, Assert.Single(folder.Load().Findings).Code);
    }

    [Fact]
    public void Malformed_json_message_gives_line_and_column()
    {
        using var folder = new SiteFolder().Write("{\n  \"trust\": {\n    \"caCertificates\": [\"certs/root.crt\"]\n    \"expiryWarningDays\": 5\n  }\n}\n");

        var finding = Assert.Single(folder.Load().Findings);

        Assert.Equal(MipSecCodes.ConfigurationMalformed, finding.Code);
        Assert.Contains("line 4, column 5", finding.Message, StringComparison.Ordinal);
        Assert.Null(folder.Load().Configuration);
    }

    [Fact]
    public void Byte_order_mark_is_skipped_and_columns_count_characters()
    {
        using var folder = new SiteFolder();
        var json = "{ \"recordingServers\": [ { \"name\": \"Récorder ü\", \"webServerUri\": 7563 } ] }";
        File.WriteAllBytes(folder.ConfigurationPath, new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(json)).ToArray());

        var finding = Assert.Single(folder.Load().Findings);

        Assert.Equal(MipSecCodes.ConfigurationWrongType, finding.Code);
        Assert.Equal(1, finding.Location.Line);
        Assert.Equal(json.IndexOf("7563", StringComparison.Ordinal) + 1, finding.Location.Column);
    }

    [Fact]
    public void Wrong_type_names_the_property_path()
    {
        using var folder = new SiteFolder().Write("""
            {
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "http://rec1.contoso.local:7563/" },
                { "name": "Recorder 2", "webServerUri": 7563 }
              ]
            }
            """);

        var finding = Assert.Single(folder.Load().Findings);

        Assert.StartsWith("recordingServers[1].webServerUri must be a string", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_property_is_an_error_and_the_site_is_not_checked_until_it_is_fixed()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/root.crt"] },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt", "comment": "rack 4" },
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "http://rec2.contoso.local:7563/" } ]
            }
            """);

        var report = folder.Check();

        Assert.Equal(new[] { "MIPSEC3054" }, report.Findings.Select(f => f.Code.Id));
        Assert.Equal(FindingSeverity.Error, report.Findings[0].Severity);
        Assert.Contains("managementServer.comment", report.Findings[0].Message, StringComparison.Ordinal);
        Assert.True(report.HasErrors);
    }

    [Fact]
    public void A_typo_in_the_ca_path_is_reported_first_before_the_errors_it_causes()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/roott.crt"] },
              "managementServer": { "uri": "https://mgmt.contoso.local/" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/" } ]
            }
            """);

        var report = folder.Check();

        Assert.Equal("MIPSEC3001", report.Findings[0].Code.Id);
        Assert.Equal("MIPSEC3001", report.SiteFindings[0].Code.Id);
        Assert.Contains(report.Findings.Skip(1), f => f.Code.Id == "MIPSEC2013");
    }

    [Theory]
    [InlineData("\"recordingServer\": [ { \"name\": \"Recorder 1\", \"webServerUri\": \"https://rec1.contoso.local:7563/\" } ]", "recordingServers")]
    [InlineData("\"managementServer\": { \"uri\": \"https://mgmt.contoso.local/\", \"certficate\": \"certs/mgmt.crt\" }", "certificate")]
    public void A_near_miss_is_an_error_that_suggests_the_known_name(string property, string suggestion)
    {
        using var folder = new SiteFolder().Write("{ \"trust\": { \"caCertificates\": [\"certs/root.crt\"] }, " + property + " }");

        var report = folder.Check();

        var finding = Assert.Single(report.Findings, f => f.Code.Id == "MIPSEC3054");
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains($"did you mean \"{suggestion}\"?", finding.Message, StringComparison.Ordinal);
        Assert.True(report.HasUnreadableInput);
        Assert.True(finding.Location.Line > 0);
    }

    [Fact]
    public void File_with_errors_is_not_judged()
    {
        using var folder = new SiteFolder().Write("""
            {
              "managementServer": { "uri": "https://mgmt.contoso.local/" },
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "http//rec2.contoso.local:7563/" } ]
            }
            """);

        var report = folder.Check();

        Assert.Equal(new[] { "MIPSEC3056" }, report.Findings.Select(f => f.Code.Id));
        Assert.True(report.HasUnreadableInput);
    }

    [Fact]
    public void Password_written_in_the_file_is_never_repeated()
    {
        using var folder = new SiteFolder().Write("""
            { "mobileServers": [ { "httpsUri": "https://mobile.contoso.local:8082/", "pfxPassword": "hunter2-Secret" } ] }
            """);

        var finding = Assert.Single(folder.Load().Findings);

        Assert.Equal(MipSecCodes.ConfigurationContainsSecret, finding.Code);
        Assert.DoesNotContain("hunter2", finding.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_names_the_path_as_written_and_as_resolved()
    {
        var written = Path.Combine("no such folder", "mipsecure.json");

        var result = SiteConfigurationLoader.Load(written);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(MipSecCodes.ConfigurationFileNotFound, finding.Code);
        Assert.Contains("'" + written + "'", finding.Message, StringComparison.Ordinal);
        Assert.Contains(Path.GetFullPath(written), finding.Message, StringComparison.Ordinal);
        Assert.Equal(written, finding.Location.FilePath);
        Assert.Null(result.Configuration);
        Assert.True(SiteChecker.Check(result).HasUnreadableInput);
    }

    [Fact]
    public void Oversized_file_is_refused_without_being_read()
    {
        using var folder = new SiteFolder();
        using (var stream = File.Create(folder.ConfigurationPath))
        {
            // A sparse file: its length says too large, and nothing of it is ever parsed.
            stream.SetLength(SiteConfigurationLoader.MaxFileBytes + 1);
        }

        var finding = Assert.Single(folder.Load().Findings);

        Assert.Equal(MipSecCodes.ConfigurationFileTooLarge, finding.Code);
        Assert.Contains("1,048,577 bytes", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_in_place_of_the_file_is_not_found()
    {
        using var folder = new SiteFolder();

        var finding = Assert.Single(SiteConfigurationLoader.Load(folder.Path).Findings);

        Assert.Equal(MipSecCodes.ConfigurationFileNotFound, finding.Code);
        Assert.Contains("is a folder", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_element_remembers_where_it_was_written()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": {
                "caCertificates": ["certs/root.crt", "cert:LocalMachine/Root/0123456789abcdef0123456789ABCDEF01234567"],
                "expiryWarningDays": 45,
                "clients": { "caCertificates": ["certs/other-root.crt"] }
              },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [
                { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/",
                  "activeWebServerUri": "https://rec1.contoso.com:7563/", "certificate": "certs\\rec1.crt" }
              ],
              "failoverRecorders": [ { "webServerUri": "https://fo1.contoso.local:7563/" } ],
              "mobileServers": [ { "name": "Mobile 1", "httpUri": "http://mobile.contoso.local:8081/", "httpsUri": "https://mobile.contoso.local:8082/",
                                   "certificate": "certs/mobile.pfx", "certificatePasswordVariable": "MOBILE_PFX_PASSWORD" } ],
              "eventServers": [ { "name": "Events", "uri": "https://events.contoso.local:22331/" } ]
            }
            """);

        var result = folder.Load();

        Assert.Empty(result.Findings);
        var site = result.Configuration!;
        Assert.Equal(45, site.Trust.ExpiryWarningDays);
        var store = site.Trust.CaCertificates[1];
        Assert.Equal(CertificateReferenceKind.Store, store.Kind);
        Assert.Equal(StoreLocation.LocalMachine, store.StoreLocation);
        Assert.Equal(StoreName.Root, store.StoreName);
        Assert.Equal("0123456789ABCDEF0123456789ABCDEF01234567", store.Thumbprint);
        Assert.Equal(folder.PositionOf("\"cert:"), (store.Location.Line, store.Location.Column));
        Assert.Equal("trust.clients.caCertificates", site.Trust.EffectivePathOf(TrustingParty.Clients));
        Assert.Equal("trust.caCertificates", site.Trust.EffectivePathOf(TrustingParty.ManagementServer));
        Assert.Equal("certs/other-root.crt", Assert.Single(site.Trust.CaCertificatesFor(TrustingParty.Clients)).Text);
        Assert.Same(site.Trust.CaCertificates, site.Trust.CaCertificatesFor(TrustingParty.RecordingServers));

        var recorder = Assert.Single(site.RecordingServers);
        Assert.Equal(Path.Combine(folder.Path, "certs", "rec1.crt"), recorder.Certificate!.ResolvedPath);
        Assert.Equal(new[] { "rec1.contoso.local", "rec1.contoso.com" }, recorder.Endpoints.Select(e => e.Host));
        Assert.Equal(folder.PositionOf("\"activeWebServerUri\""), (recorder.Endpoints[1].Location.Line, recorder.Endpoints[1].Location.Column));
        Assert.Equal(folder.PositionOf("{ \"name\": \"Recorder 1\""), (recorder.Location.Line, recorder.Location.Column));

        var failover = Assert.Single(site.FailoverRecorders);
        Assert.Equal("fo1.contoso.local", failover.Name);
        Assert.Equal(ServerRole.FailoverRecorder, failover.Role);

        var mobile = Assert.Single(site.MobileServers);
        Assert.Equal("MOBILE_PFX_PASSWORD", mobile.Certificate!.PasswordVariable);
        Assert.True(mobile.IsEncrypted);
        Assert.Equal(new[] { ServerRole.ManagementServer, ServerRole.RecordingServer, ServerRole.FailoverRecorder, ServerRole.MobileServer, ServerRole.EventServer },
            site.Servers.Select(s => s.Role));
    }

    [Fact]
    public void Callers_that_need_the_model_get_a_coded_exception_with_the_location()
    {
        using var folder = new SiteFolder().Write("{\n  \"trust\": { \"expiryWarningDays\": -3 }\n}\n");

        var error = Assert.Throws<SiteConfigurationException>(() => folder.Load().GetConfigurationOrThrow());

        Assert.Equal(MipSecCodes.ConfigurationValueOutOfRange, error.Code);
        var (line, column) = folder.PositionOf("-3");
        Assert.StartsWith($"MIPSEC3057: {folder.ConfigurationPath}({line},{column}): trust.expiryWarningDays is -3", error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 35), (line, column));
        Assert.Equal(error.Code.HelpLink, error.HelpLink);
    }

    [Fact]
    public void Blank_name_falls_back_to_the_host()
    {
        var result = SiteConfigurationLoader.LoadText("{ \"eventServers\": [ { \"name\": \"  \", \"uri\": \"http://events.contoso.local:22331/\" } ] }");

        Assert.Equal("events.contoso.local", Assert.Single(result.GetConfigurationOrThrow().EventServers).Name);
    }

    [Fact]
    public void Text_in_memory_loads_like_a_file()
    {
        using var folder = new SiteFolder();

        var result = SiteConfigurationLoader.LoadText("{ \"trust\": { \"caCertificates\": [\"certs/root.crt\"] } }", "inline.json", folder.Path);

        Assert.Empty(result.Findings);
        Assert.Equal(Path.Combine(folder.Path, "certs", "root.crt"), result.Configuration!.Trust.CaCertificates[0].ResolvedPath);
    }

    public sealed class LoadCase
    {
        public LoadCase(string name, string json, params (string Code, string? At)[] expected)
        {
            Name = name;
            Json = json;
            Expected = expected.Select(e => (e.Code, e.At, 0, 0)).ToArray();
        }

        public LoadCase(string name, string json, (string Code, string? At, int Line, int Column) expected)
        {
            Name = name;
            Json = json;
            Expected = new[] { expected };
        }

        public string Name { get; }

        public string Json { get; }

        public (string Code, string? At, int Line, int Column)[] Expected { get; }

        public override string ToString() => Name;
    }
}
