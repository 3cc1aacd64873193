using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Build.Tests.TestSupport;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Build.Tests.Tasks;

/// <summary>The task checking a mipsecure.json: site rules and certificate rules come out with the entry's file and line.</summary>
public sealed class SiteConfigurationTaskTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("mipsecure-site");
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestCertificates _pki;
    private readonly FakeBuildEngine _engine = new();

    public SiteConfigurationTaskTests()
    {
        _pki = new TestCertificates(_temp.File("certs"), _time);
        _pki.Good("mgmt.crt", "mgmt.contoso.local");
        _pki.Good("rec1.crt", "rec1.contoso.local");
    }

    public void Dispose()
    {
        _pki.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Good_site_passes_and_counts_its_servers()
    {
        var task = CreateTask(SiteFiles.Write(_pki, "mipsecure.json", "rec1.crt"));

        Assert.True(task.Execute(), _engine.Render());
        Assert.Empty(_engine.Errors);
        Assert.Empty(_engine.Warnings);
        Assert.Equal(2, task.CheckedServers);
    }

    [Fact]
    public void Management_server_encrypted_while_a_recording_server_is_not_is_MIPSEC2001_at_the_recorder_entry()
    {
        var site = SiteFiles.Write(_pki, "mipsecure.json", "rec1.crt", recordingServerScheme: "http");
        var task = CreateTask(site);

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors, e => e.Code == "MIPSEC2001");
        Assert.Equal(site, error.File);
        Assert.InRange(error.LineNumber, SiteFiles.LineOf(site, "\"recordingServers\""), SiteFiles.LineOf(site, "\"webServerUri\""));
        Assert.True(error.ColumnNumber > 0);
    }

    [Fact]
    public void Certificate_from_another_CA_is_an_error_on_the_server_entry_line()
    {
        _pki.Untrusted("rec1-foreign.crt", "rec1.contoso.local");
        var site = SiteFiles.Write(_pki, "mipsecure.json", "rec1-foreign.crt");
        var task = CreateTask(site);

        Assert.False(task.Execute());
        Assert.NotEmpty(_engine.Errors);
        Assert.All(_engine.Errors, e =>
        {
            Assert.Equal(site, e.File);
            Assert.True(e.LineNumber > 0, e.Code + " has no line");
        });
        Assert.Contains(_engine.Errors, e => e.Code is "MIPSEC1001" or "MIPSEC2005");
    }

    [Fact]
    public void Expiring_certificate_warns_and_the_property_overrides_the_file_window()
    {
        _pki.Expiring("rec1-expiring.crt", "rec1.contoso.local", TimeSpan.FromDays(20));
        var site = SiteFiles.Write(_pki, "mipsecure.json", "rec1-expiring.crt", expiryWarningDays: 30);

        var warned = CreateTask(site);
        Assert.True(warned.Execute(), _engine.Render());
        Assert.Contains("MIPSEC1006", _engine.WarningCodes);

        var quiet = new FakeBuildEngine();
        var overridden = CreateTask(site);
        overridden.BuildEngine = quiet;
        overridden.ExpiryWarningDays = "7";
        Assert.True(overridden.Execute());
        Assert.DoesNotContain("MIPSEC1006", quiet.WarningCodes);
    }

    [Fact]
    public void Half_written_JSON_is_a_coded_error_with_line_and_column()
    {
        var site = _temp.File("mipsecure.json");
        File.WriteAllText(site, "{\n  \"trust\": { \"caCertificates\": [\"certs/root.crt\"] },\n  \"recordingServers\": [ { \"name\": ");
        var task = CreateTask(site);

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MIPSEC3052", error.Code);
        Assert.Equal(site, error.File);
        Assert.Equal(3, error.LineNumber);
    }

    [Fact]
    public void Site_diagnostics_read_as_a_user_sees_them()
    {
        _pki.Untrusted("mgmt-foreign.crt", "mgmt.contoso.local");
        var site = SiteFiles.Write(_pki, "mipsecure.json", "rec1.crt", recordingServerScheme: "http", managementServerCertificate: "mgmt-foreign.crt");
        var task = CreateTask(site);

        Assert.False(task.Execute());
        Snapshot.Verify(_engine.Render().Replace(_temp.Path, "{SiteFolder}", StringComparison.Ordinal));
    }

    [Fact]
    public void Trusting_the_wrong_CA_leads_the_log_with_the_cause_and_each_refusal_says_it_follows_from_it()
    {
        _pki.Untrusted("mgmt-foreign.crt", "mgmt.contoso.local");
        _pki.Untrusted("rec1-foreign.crt", "rec1.contoso.local");
        var site = SiteFiles.Write(_pki, "mipsecure.json", "rec1-foreign.crt", managementServerCertificate: "mgmt-foreign.crt");
        var task = CreateTask(site);

        Assert.False(task.Execute());
        Assert.Equal(new[] { "MIPSEC2024", "MIPSEC2003", "MIPSEC2005", "MIPSEC2004", "MIPSEC2005" }, _engine.Errors.Select(e => e.Code));
        var cause = _engine.Errors[0];
        Assert.Equal(SiteFiles.LineOf(site, "\"caCertificates\""), cause.LineNumber);
        Assert.Contains("The certificates of 2 servers are issued by", cause.Message, StringComparison.Ordinal);
        Assert.Contains("(4 findings after this one follow from it)", cause.Message, StringComparison.Ordinal);
        Assert.All(_engine.Errors.Skip(1), e => Assert.Contains("(follows from MIPSEC2024, reported before it)", e.Message, StringComparison.Ordinal));
    }

    private CheckTrustConfiguration CreateTask(string configurationFile) => new()
    {
        BuildEngine = _engine,
        TimeProvider = _time,
        ConfigurationFile = configurationFile,
    };
}
