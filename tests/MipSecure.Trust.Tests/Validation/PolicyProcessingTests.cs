using System;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Pki;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;
using static MipSecure.TestUtilities.PolicyExtensions;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>RFC 5280 6.1 certificate policy processing: a critical policyConstraints extension is honoured, never ignored (MIPSEC1025).</summary>
public sealed class PolicyProcessingTests
{
    private const string Host = "rec1.contoso.local";
    private const string SitePolicy = "1.3.6.1.4.1.55555.1.1";
    private const string OtherPolicy = "1.3.6.1.4.1.55555.1.2";
    private const string MappedPolicy = "1.3.6.1.4.1.55555.2.1";

    [Fact]
    public void RequireExplicitPolicy_with_no_policy_anywhere_is_MIPSEC1025()
    {
        var report = Validate(new[] { PolicyConstraints(0, null) }, Array.Empty<X509Extension>(), Array.Empty<X509Extension>());

        AssertPolicyFailure(report);
    }

    [Fact]
    public void RequireExplicitPolicy_met_by_a_common_policy_is_trusted()
    {
        var report = Validate(new[] { PolicyConstraints(0, null), CertificatePolicies(SitePolicy) }, new[] { CertificatePolicies(SitePolicy) }, new[] { CertificatePolicies(SitePolicy) });

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
    }

    [Fact]
    public void RequireExplicitPolicy_with_a_leaf_policy_its_issuer_does_not_allow_is_MIPSEC1025()
    {
        var report = Validate(new[] { PolicyConstraints(0, null), CertificatePolicies(SitePolicy) }, new[] { CertificatePolicies(SitePolicy) }, new[] { CertificatePolicies(OtherPolicy) });

        AssertPolicyFailure(report);
    }

    [Fact]
    public void RequireExplicitPolicy_counts_the_certificates_it_skips()
    {
        // requireExplicitPolicy = 1: the issuing CA below need not carry a policy, the server certificate must.
        var noLeafPolicy = Validate(new[] { PolicyConstraints(1, null), CertificatePolicies(AnyPolicy) }, Array.Empty<X509Extension>(), Array.Empty<X509Extension>());
        var leafPolicy = Validate(new[] { PolicyConstraints(1, null), CertificatePolicies(AnyPolicy) }, new[] { CertificatePolicies(AnyPolicy) }, new[] { CertificatePolicies(SitePolicy) });

        AssertPolicyFailure(noLeafPolicy);
        Assert.True(leafPolicy.IsTrusted, string.Join("\n", leafPolicy.Findings));
    }

    [Fact]
    public void A_policy_mapping_carries_a_policy_into_the_subject_domain()
    {
        var report = Validate(
            new[] { PolicyConstraints(0, null), CertificatePolicies(AnyPolicy) },
            new[] { CertificatePolicies(SitePolicy), PolicyMappings((SitePolicy, MappedPolicy)) },
            new[] { CertificatePolicies(MappedPolicy) });

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
    }

    [Fact]
    public void InhibitPolicyMapping_deletes_a_mapped_policy_MIPSEC1025()
    {
        var report = Validate(
            new[] { PolicyConstraints(0, 0), CertificatePolicies(AnyPolicy) },
            new[] { CertificatePolicies(SitePolicy), PolicyMappings((SitePolicy, MappedPolicy)) },
            new[] { CertificatePolicies(MappedPolicy) });

        AssertPolicyFailure(report);
    }

    [Fact]
    public void Mapping_anyPolicy_is_MIPSEC1025()
    {
        var report = Validate(
            new[] { CertificatePolicies(AnyPolicy) },
            new[] { CertificatePolicies(AnyPolicy), PolicyMappings((AnyPolicy, MappedPolicy)) },
            new[] { CertificatePolicies(MappedPolicy) });

        AssertPolicyFailure(report);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void InhibitAnyPolicy_stops_anyPolicy_below_the_CA(bool inhibit, bool trusted)
    {
        var policyCa = inhibit
            ? new[] { PolicyConstraints(0, null), CertificatePolicies(AnyPolicy), InhibitAnyPolicy(0) }
            : new[] { PolicyConstraints(0, null), CertificatePolicies(AnyPolicy) };

        var report = Validate(policyCa, new[] { CertificatePolicies(AnyPolicy) }, new[] { CertificatePolicies(SitePolicy) });

        if (trusted)
        {
            Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
        }
        else
        {
            AssertPolicyFailure(report);
        }
    }

    [Fact]
    public void Policies_without_constraints_never_fail_a_chain()
    {
        var report = Validate(new[] { CertificatePolicies(SitePolicy) }, new[] { CertificatePolicies(OtherPolicy) }, new[] { CertificatePolicies(MappedPolicy) });

        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
    }

    // Root -> policy CA (policyCaExtensions) -> issuing CA (issuingExtensions) -> server certificate (leafExtensions).
    private static TrustReport Validate(X509Extension[] policyCaExtensions, X509Extension[] issuingExtensions, X509Extension[] leafExtensions)
    {
        using var pki = new TestPki();
        using var policyCa = pki.Root.CreateIntermediate("Contoso Policy CA", new CertificateSpec { ExtraExtensions = policyCaExtensions, NotAfterOffset = TimeSpan.FromDays(900) });
        using var issuing = policyCa.CreateIntermediate("Contoso Issuing CA", new CertificateSpec { ExtraExtensions = issuingExtensions, NotAfterOffset = TimeSpan.FromDays(800) });
        var leaf = issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host }, ExtraExtensions = leafExtensions });
        return pki.Validator().Validate(leaf, issuing.IntermediatesToRoot, Host);
    }

    private static void AssertPolicyFailure(TrustReport report)
    {
        Assert.False(report.IsTrusted);
        Assert.True(report.Has(MipSecCodes.CertificatePolicyNotMet), "Expected MIPSEC1025, got:\n" + string.Join("\n", report.Findings));
        Assert.Equal(MipSecCodes.CertificatePolicyNotMet, report.FirstError!.Code);
    }
}
