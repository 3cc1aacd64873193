using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>
/// A host matched through the common name (no DNS or IP SAN, fallback on) is held to the DNS name constraints of the path
/// exactly as a DNS SAN would be: a constrained CA must not certify any host by leaving the SAN out.
/// </summary>
public sealed class CommonNameConstraintTests
{
    private const string Host = "rec1.contoso.local";

    public enum ConstrainedCa
    {
        Intermediate,
        Anchor,
    }

    [Theory]
    [InlineData(ConstrainedCa.Intermediate, true, false)]
    [InlineData(ConstrainedCa.Intermediate, false, false)]
    [InlineData(ConstrainedCa.Anchor, true, false)]
    [InlineData(ConstrainedCa.Anchor, false, false)]
    [InlineData(ConstrainedCa.Intermediate, true, true)]
    [InlineData(ConstrainedCa.Anchor, false, true)]
    public void A_common_name_outside_permitted_DNS_subtrees_is_MIPSEC1014(ConstrainedCa where, bool critical, bool onlyEmailSan)
    {
        var constraints = HandIssuer.DnsNameConstraints(new[] { "fabrikam.example" }, Array.Empty<string>(), critical);

        var report = ValidateCommonNameOnlyLeaf(where, constraints, onlyEmailSan);

        AssertViolation(report);
    }

    [Theory]
    [InlineData(ConstrainedCa.Intermediate, true, false)]
    [InlineData(ConstrainedCa.Intermediate, false, false)]
    [InlineData(ConstrainedCa.Anchor, true, false)]
    [InlineData(ConstrainedCa.Anchor, false, true)]
    public void A_common_name_in_excluded_DNS_subtrees_is_MIPSEC1014(ConstrainedCa where, bool critical, bool onlyEmailSan)
    {
        var constraints = HandIssuer.DnsNameConstraints(Array.Empty<string>(), new[] { "contoso.local" }, critical);

        var report = ValidateCommonNameOnlyLeaf(where, constraints, onlyEmailSan);

        AssertViolation(report);
    }

    [Theory]
    [InlineData(ConstrainedCa.Intermediate)]
    [InlineData(ConstrainedCa.Anchor)]
    public void A_common_name_inside_permitted_DNS_subtrees_is_trusted_with_warning_MIPSEC1003(ConstrainedCa where)
    {
        var constraints = HandIssuer.DnsNameConstraints(new[] { "contoso.local" }, Array.Empty<string>());

        var report = ValidateCommonNameOnlyLeaf(where, constraints, onlyEmailSan: false);

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
        Assert.True(report.Has(MipSecCodes.HostNameFromCommonName));
    }

    [Fact]
    public void A_common_name_that_is_not_a_host_name_is_not_held_to_DNS_constraints()
    {
        using var pki = new TestPki();
        var constraints = HandIssuer.DnsNameConstraints(new[] { "contoso.local" }, Array.Empty<string>());
        using var constrained = pki.Root.CreateIntermediate("Contoso Constrained CA", new CertificateSpec { ExtraExtensions = new[] { constraints } });
        var leaf = constrained.Issue(new CertificateSpec { CommonName = "Recorder 1", DnsNames = new[] { Host } });

        var report = pki.Validator().Validate(leaf, constrained.IntermediatesToRoot, Host);

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
    }

    private static TrustReport ValidateCommonNameOnlyLeaf(ConstrainedCa where, X509Extension constraints, bool onlyEmailSan)
    {
        using var pki = new TestPki();
        using var root = where == ConstrainedCa.Anchor
            ? CertificateAuthority.CreateRoot("Contoso Department Root CA", pki.Clock, new CertificateSpec { ExtraExtensions = new[] { constraints } })
            : CertificateAuthority.CreateRoot("Contoso Department Root CA", pki.Clock);
        using var issuing = where == ConstrainedCa.Intermediate
            ? root.CreateIntermediate("Contoso Department CA", new CertificateSpec { ExtraExtensions = new[] { constraints } })
            : root.CreateIntermediate("Contoso Department CA");
        var extras = onlyEmailSan ? new[] { EmailOnlyAlternativeName() } : Array.Empty<X509Extension>();
        var leaf = issuing.Issue(new CertificateSpec { CommonName = Host, ExtraExtensions = extras });
        Assert.Equal(onlyEmailSan, leaf.Extensions.Cast<X509Extension>().Any(e => e.Oid!.Value == "2.5.29.17"));

        var validator = new CertificateValidator(new TrustAnchorSet(new[] { root.Certificate }), new CertificateValidationOptions { TimeProvider = pki.Clock });
        Assert.True(validator.Options.AllowCommonNameFallback);
        return validator.Validate(leaf, issuing.IntermediatesToRoot, Host);
    }

    private static X509Extension EmailOnlyAlternativeName()
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress("video-admin@contoso.local");
        return names.Build();
    }

    private static void AssertViolation(TrustReport report)
    {
        Assert.False(report.IsTrusted, string.Join("\n", report.Findings));
        var finding = report.Findings.FirstOrDefault(f => f.Code.Equals(MipSecCodes.NameConstraintViolated));
        Assert.True(finding is not null, "Expected MIPSEC1014, got:\n" + string.Join("\n", report.Findings));
        Assert.Contains("common name", finding!.Message, StringComparison.Ordinal);
        Assert.Contains(Host, finding.Message, StringComparison.Ordinal);
    }
}
