using System.Linq;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

public sealed class ValidatorSmokeTests
{
    [Fact]
    public void A_valid_recording_server_certificate_is_trusted()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate("rec1.contoso.local");

        var report = pki.Validate(leaf, "rec1.contoso.local");

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
        Assert.Empty(report.Findings);
        Assert.Equal(3, report.Chain.Count);
    }

    [Fact]
    public void A_certificate_from_another_CA_is_MIPSEC1001()
    {
        using var pki = new TestPki();
        using var other = MipSecure.Pki.CertificateAuthority.CreateRoot("Fabrikam Root", pki.Clock);
        var leaf = other.IssueServerCertificate("rec1.contoso.local");

        var report = pki.Validate(leaf, "rec1.contoso.local");

        Assert.False(report.IsTrusted);
        Assert.Equal(MipSecCodes.CertificateUntrusted, report.FirstError!.Code);
    }

    [Fact]
    public void A_wrong_host_is_MIPSEC1002_and_names_the_host()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate("rec1.contoso.local");

        var report = pki.Validate(leaf, "rec2.contoso.local");

        var finding = Assert.Single(report.Findings);
        Assert.Equal(MipSecCodes.HostNameMismatch, finding.Code);
        Assert.Equal(FindingSeverity.Error, finding.Severity);
        Assert.Contains("rec2.contoso.local", finding.Message, System.StringComparison.Ordinal);
    }
}

public sealed class BuildUnderTestTests
{
    [Fact]
    public void The_expected_build_of_MipSecure_Trust_is_under_test()
    {
        var framework = typeof(MipSecure.Trust.Validation.CertificateValidator).Assembly
            .GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
            .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>()
            .Single().FrameworkName;
#if TRUST_NETSTANDARD
        Assert.StartsWith(".NETStandard,Version=v2.0", framework, System.StringComparison.Ordinal);
#else
        Assert.StartsWith(".NETCoreApp,Version=v8.0", framework, System.StringComparison.Ordinal);
#endif
    }
}
