using System;
using System.Linq;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Trust.Tests.Site;

/// <summary>
/// One cause, many findings: the report names the cause first and lists what follows from it under it, so that a reader
/// fixes one thing instead of reading six errors. And a server nobody could judge is never called trusted.
/// </summary>
public sealed class RootCauseTests
{
    private const string Servers = """
          "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
          "recordingServers": [
            { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.crt" },
            { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/rec2.crt" }
          ]
        }
        """;

    [Fact]
    public void Trusting_the_wrong_CA_gives_one_cause_first_with_every_refusal_under_it()
    {
        using var folder = new SiteFolder().Write("{\n  \"trust\": { \"caCertificates\": [\"certs/other-root.crt\"] },\n" + Servers);

        var report = folder.Check();

        var cause = report.Findings[0];
        Assert.Equal(MipSecCodes.IssuerNotTrusted, cause.Code);
        Assert.Equal(folder.PositionOf("\"certs/other-root.crt\""), (cause.Location.Line, cause.Location.Column));
        Assert.Null(cause.Server);
        Assert.Contains("The certificates of 3 servers are issued under 'CN=Contoso Root CA'", cause.Message, StringComparison.Ordinal);
        Assert.Contains("which no CA in trust.caCertificates is: it holds 'CN=Fabrikam Root CA'", cause.Message, StringComparison.Ordinal);
        Assert.StartsWith("Replace 'certs/other-root.crt' in trust.caCertificates with the certificate of 'CN=Contoso Root CA'", cause.Remedy, StringComparison.Ordinal);

        // The six refusals (two parties for each of three servers) follow it, in server order, and point back at it.
        Assert.Equal(
            new[] { "MIPSEC2003 mgmt.contoso.local", "MIPSEC2005 mgmt.contoso.local", "MIPSEC2004 Recorder 1", "MIPSEC2005 Recorder 1", "MIPSEC2004 Recorder 2", "MIPSEC2005 Recorder 2" },
            cause.Consequences.Select(c => c.Code.Id + " " + c.Server!.Name));
        Assert.Equal(cause.Consequences, report.Findings.Skip(1));
        Assert.All(cause.Consequences, c => Assert.Same(cause, c.Cause));
        Assert.Equal(new[] { cause }, report.Causes);
        Assert.Equal(6, report.ConsequenceCount);
        Assert.Equal(7, report.ErrorCount);
        Assert.All(report.Servers, s => Assert.True(s.TrustChecked));
    }

    [Fact]
    public void A_CA_that_trusts_some_servers_is_not_replaced_the_issuer_of_the_others_is_added()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/root.crt"] },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1-fabrikam.crt" } ]
            }
            """);

        var report = folder.Check();

        var cause = Assert.Single(report.Causes);
        Assert.Equal("The certificate of recording server 'Recorder 1' is issued by 'CN=Fabrikam Root CA', which no CA in trust.caCertificates is: it holds 'CN=Contoso Root CA'.", cause.Message);
        Assert.StartsWith("Add the certificate of 'CN=Fabrikam Root CA' to trust.caCertificates", cause.Remedy, StringComparison.Ordinal);
        Assert.Equal(new[] { "MIPSEC2004", "MIPSEC2005" }, cause.Consequences.Select(c => c.Code.Id));
    }

    [Fact]
    public void One_refusal_is_its_own_cause()
    {
        // A mobile server is verified by the clients only: one finding, nothing to group.
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/other-root.crt"] },
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/", "certificate": "certs/mgmt.crt" } ]
            }
            """);

        var report = folder.Check();

        Assert.Empty(report.Causes);
        Assert.Null(Assert.Single(report.Findings, f => f.Code.Equals(MipSecCodes.ServerNotTrustedByClients)).Cause);
    }

    [Fact]
    public void A_typo_in_the_CA_path_is_the_cause_of_every_party_having_no_CA_and_no_server_is_judged()
    {
        using var folder = new SiteFolder().Write("{\n  \"trust\": { \"caCertificates\": [\"certs/rot.crt\"] },\n" + Servers);

        var report = folder.Check();

        var cause = report.Findings[0];
        Assert.Equal(MipSecCodes.CertificateFileNotFound, cause.Code);
        Assert.Equal(new[] { "MIPSEC2013", "MIPSEC2013", "MIPSEC2013" }, cause.Consequences.Select(c => c.Code.Id));
        Assert.Equal(new[] { cause }, report.Causes);
        Assert.Equal(cause.Consequences, report.Findings.Skip(1));

        // Nothing was checked against a CA: no server has a trust verdict (the CLI says "not checked", never "yes").
        Assert.All(report.Servers, s => Assert.False(s.TrustChecked));
        Assert.All(report.Servers, s => Assert.Empty(s.Findings));
    }

    [Fact]
    public void A_readable_CA_beside_a_missing_one_judges_the_servers_and_links_nothing()
    {
        using var folder = new SiteFolder().Write("{\n  \"trust\": { \"caCertificates\": [\"certs/rot.crt\", \"certs/root.crt\"] },\n" + Servers);

        var report = folder.Check();

        Assert.Equal(new[] { "MIPSEC3001" }, report.Findings.Select(f => f.Code.Id));
        Assert.Empty(report.Causes);
        Assert.All(report.Servers, s => Assert.True(s.TrustChecked));
    }

    [Fact]
    public void A_server_without_a_certificate_or_with_encryption_off_has_no_trust_verdict()
    {
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/root.crt"] },
              "managementServer": { "uri": "http://mgmt.contoso.local/" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/" } ]
            }
            """);

        var report = folder.Check();

        Assert.All(report.Servers, s => Assert.False(s.TrustChecked));
    }
}
