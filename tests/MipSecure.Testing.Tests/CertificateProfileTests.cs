using System.Security.Authentication;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Testing.Tests;

public sealed class CertificateProfileTests
{
    public static TheoryData<CertificateProfile, string?, bool> Profiles => new()
    {
        { CertificateProfile.Valid, null, true },
        { CertificateProfile.Expired, "MIPSEC1004", false },
        { CertificateProfile.ExpiringSoon, "MIPSEC1006", true },
        { CertificateProfile.NotYetValid, "MIPSEC1005", false },
        { CertificateProfile.WrongHost, "MIPSEC1002", false },
        { CertificateProfile.UntrustedCa, "MIPSEC1001", false },
        { CertificateProfile.SelfSigned, "MIPSEC1001", false },
        { CertificateProfile.MissingServerAuthEku, "MIPSEC1007", false },
        { CertificateProfile.CommonNameOnly, "MIPSEC1003", true },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task A_recording_server_presents_the_certificate_its_profile_describes(CertificateProfile profile, string? expectedCode, bool trusted)
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { CertificateProfile = profile }));
        var trust = new SiteTrust(site);

        var connect = ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, trust, timeout.Token);
        if (trusted)
        {
            await using var client = await connect;
        }
        else
        {
            await Assert.ThrowsAsync<AuthenticationException>(() => connect);
        }

        var report = Assert.Single(trust.Reports);
        Assert.Equal(trusted, report.IsTrusted);
        if (expectedCode is null)
        {
            Assert.Empty(report.Findings);
        }
        else
        {
            Assert.Contains(report.Findings, f => f.Code.Id == expectedCode);
        }
    }

    [Fact]
    public async Task A_weak_key_is_either_refused_by_the_tls_stack_or_reported_by_the_validator()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { CertificateProfile = CertificateProfile.WeakRsaKey }));
        var trust = new SiteTrust(site);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, trust, timeout.Token));

        Assert.True(error is AuthenticationException or IOException, error.ToString());
        Assert.All(trust.Reports, r => Assert.True(r.Has(MipSecCodes.WeakKey)));
    }

    [Theory]
    [InlineData(CertificateProfile.WeakRsaKey, "MIPSEC1009")]
    public void Weak_profiles_issue_certificates_the_validator_rejects(CertificateProfile profile, string expectedCode)
    {
        using var trusted = CertificateAuthority.CreateRoot();
        using var untrusted = CertificateAuthority.CreateRoot("Other CA");
        var issued = CertificateProfiles.Issue(trusted, untrusted, profile, new[] { "rec1.contoso.local" });
        var validator = new MipSecure.Trust.Validation.CertificateValidator(new MipSecure.Trust.Certificates.TrustAnchorSet(new[] { trusted.Certificate }));

        var report = validator.Validate(issued.Certificate, issued.Intermediates, "rec1.contoso.local");

        Assert.Contains(report.Findings, f => f.Code.Id == expectedCode && f.Severity == FindingSeverity.Error);
    }

    [Fact]
    public async Task A_server_can_present_a_certificate_chain_with_an_intermediate()
    {
        using var timeout = Timeouts.Test();
        using var root = CertificateAuthority.CreateRoot("Chain Root");
        var issuing = root.CreateIntermediate("Chain Issuing CA");
        var issued = new IssuedServerCertificate(issuing.IssueServerCertificate("rec1.contoso.local"), issuing.IntermediatesToRoot);
        await using var site = await SimulatedSite.StartAsync(b => b.WithCertificateAuthority(root).AddRecordingServer(configure: d => d with { Certificate = issued }));
        var trust = new SiteTrust(site);

        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, trust, timeout.Token);

        var report = Assert.Single(trust.Reports);
        Assert.True(report.IsTrusted);
        Assert.Equal(3, report.Chain.Count);
    }

    [Fact]
    public async Task Public_access_certificates_name_both_the_local_and_the_public_host()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer(configure: d => d with { PublicHostName = "rec1.contoso.com" }));
        var trust = new SiteTrust(site);
        var recorder = site.RecordingServers[0];

        await using var local = await ImageServerClient.ConnectAsync(site, recorder.Uri, trust, timeout.Token);
        await using var external = await ImageServerClient.ConnectAsync(site, recorder.ActiveUri, trust, timeout.Token);

        Assert.Equal("rec1.contoso.com", recorder.ActiveUri.Host);
        Assert.All(trust.Reports, r => Assert.True(r.IsTrusted));
        Assert.Equal(2, trust.Reports.Count);
    }
}
