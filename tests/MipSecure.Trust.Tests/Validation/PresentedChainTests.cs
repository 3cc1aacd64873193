using System;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>Which CA a presented chain stops at: the certificate a trust list must hold, named in the MIPSEC2024 cause.</summary>
public sealed class PresentedChainTests
{
    private static readonly DateTimeOffset NotAfter = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly CertificateSummary Leaf = Summary("CN=rec1.contoso.local", "CN=Contoso Issuing CA");
    private static readonly CertificateSummary Intermediate = Summary("CN=Contoso Issuing CA", "CN=Contoso Root CA");
    private static readonly CertificateSummary Root = Summary("CN=Contoso Root CA", "CN=Contoso Root CA");

    [Fact]
    public void A_leaf_sent_alone_stops_at_its_own_issuer()
    {
        Assert.Same(Leaf, CertificateSummaries.TopOfPresentedChain(Leaf, new[] { Leaf }));
    }

    [Fact]
    public void A_leaf_sent_with_its_intermediate_stops_at_the_intermediates_issuer()
    {
        var top = CertificateSummaries.TopOfPresentedChain(Leaf, new[] { Leaf, Intermediate });

        Assert.Same(Intermediate, top);
        Assert.Equal("CN=Contoso Root CA", top.Issuer);
    }

    [Fact]
    public void A_chain_sent_up_to_its_root_stops_at_the_root_in_any_order()
    {
        Assert.Same(Root, CertificateSummaries.TopOfPresentedChain(Leaf, new[] { Root, Leaf, Intermediate }));
    }

    [Fact]
    public void A_certificate_that_does_not_continue_the_chain_is_passed_over()
    {
        var unrelated = Summary("CN=Other CA", "CN=Other Root");

        Assert.Same(Leaf, CertificateSummaries.TopOfPresentedChain(Leaf, new[] { Leaf, unrelated }));
    }

    [Fact]
    public void Two_certificates_that_issue_each_other_end_the_walk_instead_of_looping()
    {
        var first = Summary("CN=A", "CN=B");
        var second = Summary("CN=B", "CN=A");

        var top = CertificateSummaries.TopOfPresentedChain(first, new[] { first, second });

        Assert.Contains(top, new[] { first, second });
    }

    [Fact]
    public void A_leaf_whose_issuer_is_not_known_is_its_own_top()
    {
        var withoutIssuer = new CertificateSummary("CN=rec1.contoso.local", "AA", NotAfter);

        Assert.Same(withoutIssuer, CertificateSummaries.TopOfPresentedChain(withoutIssuer, new[] { Intermediate }));
    }

    private static CertificateSummary Summary(string subject, string issuer) =>
        new(subject, "thumbprint of " + subject, NotAfter) { Issuer = issuer };
}
