using System;
using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using Xunit;

namespace MipSecure.Trust.Tests.Site;

/// <summary>Sites built in code, as the simulator and the CLI build them, go through the same rules.</summary>
public sealed class InMemorySiteTests
{
    private static SiteCertificates Pki => SiteCertificates.Shared;

    [Fact]
    public void Site_built_in_code_is_checked_without_a_file()
    {
        var managementCertificate = Pki.Issuing.IssueServerCertificate("mgmt.contoso.local");
        var site = new SiteConfiguration
        {
            Trust = new TrustSettings { CaCertificates = new[] { CertificateReference.FromCertificate(Pki.Root.Certificate) } },
            ManagementServer = new ManagementServerConfiguration(new Uri("https://mgmt.contoso.local/"))
            {
                Certificate = CertificateReference.FromCertificate(managementCertificate, Pki.Issuing.IntermediatesToRoot),
            },
            RecordingServers = new[] { new RecordingServerConfiguration("Recorder 2", new Uri("http://rec2.contoso.local:7563/")) },
        };

        var report = SiteChecker.Check(site, new SiteCheckOptions { TimeProvider = Pki.Clock });

        var finding = Assert.Single(report.Findings);
        Assert.Equal(MipSecCodes.RecordingServerNotEncrypted, finding.Code);
        Assert.Equal(SourceLocation.None, finding.Location);
        Assert.Equal("Recorder 2", finding.ServerName);
        Assert.StartsWith("error MIPSEC2001: ", finding.ToString(), StringComparison.Ordinal);
        Assert.Null(report.ConfigurationPath);
        Assert.True(report.HasErrors);
        Assert.False(report.HasUnreadableInput);
    }

    [Fact]
    public void An_issuing_CA_is_enough_as_the_trusted_CA()
    {
        var certificate = Pki.Issuing.IssueServerCertificate("events.contoso.local");
        var site = new SiteConfiguration
        {
            Trust = new TrustSettings { CaCertificates = new[] { CertificateReference.FromCertificate(Pki.Issuing.Certificate) } },
            EventServers = new[]
            {
                new EventServerConfiguration("Events", new Uri("https://events.contoso.local:22331/")) { Certificate = CertificateReference.FromCertificate(certificate) },
            },
        };

        var report = SiteChecker.Check(site, new SiteCheckOptions { TimeProvider = Pki.Clock });

        Assert.Empty(report.Findings);
        Assert.Equal(SiteVerdict.Passed, report.Verdict);
        Assert.True(Assert.Single(report.Servers).IsEncrypted);
    }

    [Fact]
    public void A_certificate_from_another_CA_is_refused_by_every_party_that_verifies_it()
    {
        using var fabrikam = MipSecure.Pki.CertificateAuthority.CreateRoot("Fabrikam Root CA", Pki.Clock);
        var certificate = fabrikam.IssueServerCertificate("rec1.contoso.local");
        var site = new SiteConfiguration
        {
            Trust = new TrustSettings { CaCertificates = new[] { CertificateReference.FromCertificate(Pki.Root.Certificate) } },
            RecordingServers = new[]
            {
                new RecordingServerConfiguration("Recorder 1", new Uri("https://rec1.contoso.local:7563/")) { Certificate = CertificateReference.FromCertificate(certificate) },
            },
        };

        var report = SiteChecker.Check(site, new SiteCheckOptions { TimeProvider = Pki.Clock });

        // One cause, the issuer no trusted CA is, first; the two refusals follow from it.
        Assert.Equal(new[] { "MIPSEC2024", "MIPSEC2004", "MIPSEC2005" }, report.Findings.Select(f => f.Code.Id));
        var cause = report.Findings[0];
        Assert.Contains("'CN=Fabrikam Root CA'", cause.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "MIPSEC2004", "MIPSEC2005" }, cause.Consequences.Select(f => f.Code.Id));
        Assert.All(cause.Consequences, f => Assert.NotNull(f.Finding.Certificate));
        Assert.Equal(3, report.ErrorCount);
    }

    [Fact]
    public void Store_references_parse_in_both_spellings_and_reject_the_rest()
    {
        const string Thumbprint = "0123456789abcdef0123456789ABCDEF01234567";
        Assert.True(CertificateReference.TryParseStoreReference("cert:LocalMachine/My/" + Thumbprint, out var slash));
        Assert.True(CertificateReference.TryParseStoreReference("Cert:\\LocalMachine\\My\\" + Thumbprint, out var backslash));
        Assert.Equal(slash!.Text, backslash!.Text);
        Assert.False(CertificateReference.TryParseStoreReference("cert:LocalMachine/7/" + Thumbprint, out _));
        Assert.False(CertificateReference.TryParseStoreReference("cert:LocalMachine/My/ABC", out _));
        Assert.False(CertificateReference.TryParseStoreReference("certs/root.crt", out _));
    }
}
