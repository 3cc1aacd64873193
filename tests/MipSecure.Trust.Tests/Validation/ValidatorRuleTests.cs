using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>One test per rule of the validator, each asserting the exact code and severity.</summary>
public sealed class ValidatorRuleTests
{
    private const string Host = "rec1.contoso.local";

    [Fact]
    public void A_host_named_only_in_the_common_name_of_a_certificate_without_SANs_is_trusted_with_warning_MIPSEC1003()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = Host });

        var report = pki.Validate(leaf, Host);

        Assert.True(report.IsTrusted, Describe(report));
        AssertFinding(report, MipSecCodes.HostNameFromCommonName, FindingSeverity.Warning);
    }

    [Fact]
    public void The_common_name_is_ignored_when_the_certificate_has_SANs_MIPSEC1002()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { "rec2.contoso.local" } });

        var report = pki.Validate(leaf, Host);

        Assert.False(report.IsTrusted);
        AssertFinding(report, MipSecCodes.HostNameMismatch, FindingSeverity.Error);
    }

    [Fact]
    public void The_common_name_fallback_can_be_switched_off()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = Host });
        var validator = new CertificateValidator(new TrustAnchorSet(new[] { pki.Root.Certificate }),
            new CertificateValidationOptions { TimeProvider = pki.Clock, AllowCommonNameFallback = false });

        var report = validator.Validate(leaf, pki.Issuing.IntermediatesToRoot, Host);

        AssertFinding(report, MipSecCodes.HostNameMismatch, FindingSeverity.Error);
    }

    [Fact]
    public void An_IP_host_matches_an_IP_SAN()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = "Recorder 1", IPAddresses = new[] { IPAddress.Parse("10.0.0.7") } });

        var report = pki.Validate(leaf, "10.0.0.7");

        Assert.True(report.IsTrusted, Describe(report));
        Assert.Empty(report.Findings);
    }

    [Fact]
    public void An_IP_address_in_the_common_name_never_matches_MIPSEC1002()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = "10.0.0.7" });

        var report = pki.Validate(leaf, "10.0.0.7");

        AssertFinding(report, MipSecCodes.HostNameMismatch, FindingSeverity.Error);
    }

    [Theory]
    [InlineData("*.contoso.local", "rec1.contoso.local", true)]
    [InlineData("*.contoso.local", "REC1.Contoso.Local", true)]
    [InlineData("*.contoso.local", "a.rec1.contoso.local", false)]
    [InlineData("*.contoso.local", "contoso.local", false)]
    [InlineData("rec*.contoso.local", "rec1.contoso.local", false)]
    [InlineData("*.local", "contoso.local", false)]
    [InlineData("REC1.CONTOSO.LOCAL", "rec1.contoso.local", true)]
    public void DNS_SANs_match_case_insensitively_with_a_wildcard_only_as_the_whole_left_most_label(string san, string host, bool trusted)
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = "Recorder 1", DnsNames = new[] { san } });

        var report = pki.Validate(leaf, host);

        Assert.Equal(trusted, report.IsTrusted);
        if (!trusted)
        {
            AssertFinding(report, MipSecCodes.HostNameMismatch, FindingSeverity.Error);
        }
    }

    [Fact]
    public void An_expired_server_certificate_is_MIPSEC1004()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host }, NotAfterOffset = TimeSpan.FromDays(-2) });

        var report = pki.Validate(leaf, Host);

        var finding = AssertFinding(report, MipSecCodes.CertificateExpired, FindingSeverity.Error);
        Assert.Equal(leaf.Thumbprint, finding.Certificate!.Thumbprint);
    }

    [Fact]
    public void A_server_certificate_not_yet_valid_is_MIPSEC1005()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, NotBeforeOffset = TimeSpan.FromDays(3) });

        var report = pki.Validate(leaf, Host);

        AssertFinding(report, MipSecCodes.CertificateNotYetValid, FindingSeverity.Error);
    }

    [Fact]
    public void A_certificate_expiring_within_the_warning_window_is_trusted_with_warning_MIPSEC1006()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, NotAfterOffset = TimeSpan.FromDays(10) });

        var report = pki.Validate(leaf, Host);

        Assert.True(report.IsTrusted, Describe(report));
        var finding = AssertFinding(report, MipSecCodes.CertificateExpiresSoon, FindingSeverity.Warning);
        Assert.Contains("10 days left", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_intermediate_is_MIPSEC1004_on_the_intermediate()
    {
        using var pki = new TestPki();
        using var expiredIssuing = pki.Root.CreateIntermediate("Contoso Old Issuing CA", new CertificateSpec { NotAfterOffset = TimeSpan.FromDays(-1) });
        var leaf = expiredIssuing.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(leaf, expiredIssuing.IntermediatesToRoot, Host);

        var finding = AssertFinding(report, MipSecCodes.CertificateExpired, FindingSeverity.Error);
        Assert.Equal(expiredIssuing.Certificate.Thumbprint, finding.Certificate!.Thumbprint);
        Assert.Contains("Contoso Old Issuing CA", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_anchor_expiring_soon_is_warned_about_too()
    {
        using var pki = new TestPki();
        using var shortRoot = CertificateAuthority.CreateRoot("Short Root", pki.Clock, new CertificateSpec { NotAfterOffset = TimeSpan.FromDays(20) });
        var leaf = shortRoot.Issue(new CertificateSpec { DnsNames = new[] { Host }, NotAfterOffset = TimeSpan.FromDays(15) });

        var report = pki.Validator(shortRoot.Certificate).Validate(leaf, null, Host);

        Assert.True(report.IsTrusted, Describe(report));
        Assert.Equal(2, report.Findings.Count(f => f.Code.Equals(MipSecCodes.CertificateExpiresSoon)));
    }

    [Fact]
    public void A_server_certificate_without_EKU_is_MIPSEC1007()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, ExtendedKeyUsages = Array.Empty<string>() });

        var report = pki.Validate(leaf, Host);

        AssertFinding(report, MipSecCodes.ServerAuthenticationUsageMissing, FindingSeverity.Error);
    }

    [Theory]
    [InlineData("1.3.6.1.5.5.7.3.2")]
    [InlineData("2.5.29.37.0")]
    public void A_server_certificate_for_client_authentication_or_any_usage_only_is_MIPSEC1007(string usage)
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, ExtendedKeyUsages = new[] { usage } });

        var report = pki.Validate(leaf, Host);

        AssertFinding(report, MipSecCodes.ServerAuthenticationUsageMissing, FindingSeverity.Error);
    }

    [Fact]
    public void A_CA_restricted_to_other_usages_cannot_issue_server_certificates_MIPSEC1007()
    {
        using var pki = new TestPki();
        var emailOnly = new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.4") }, critical: false);
        using var mailCa = pki.Root.CreateIntermediate("Contoso Mail CA", new CertificateSpec { ExtraExtensions = new X509Extension[] { emailOnly } });
        var leaf = mailCa.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(leaf, mailCa.IntermediatesToRoot, Host);

        var finding = AssertFinding(report, MipSecCodes.ServerAuthenticationUsageMissing, FindingSeverity.Error);
        Assert.Equal(mailCa.Certificate.Thumbprint, finding.Certificate!.Thumbprint);
    }

    [Fact]
    public void A_CA_certificate_presented_as_the_server_certificate_is_MIPSEC1008()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, IsCertificateAuthority = true, ExtendedKeyUsages = new[] { CertificateValidationOptions.ServerAuthenticationOid } });

        var report = pki.Validate(leaf, Host);

        AssertFinding(report, MipSecCodes.CaCertificateAsServerCertificate, FindingSeverity.Error);
    }

    [Fact]
    public void A_1024_bit_RSA_key_is_MIPSEC1009()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, KeySize = 1024 });

        var report = pki.Validate(leaf, Host);

        var finding = AssertFinding(report, MipSecCodes.WeakKey, FindingSeverity.Error);
        Assert.Contains("1024-bit RSA", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(384)]
    public void ECDSA_keys_on_NIST_curves_are_accepted(int curveSize)
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, KeyKind = CertificateKeyKind.Ecdsa, KeySize = curveSize });

        var report = pki.Validate(leaf, Host);

        Assert.True(report.IsTrusted, Describe(report));
    }

    [Fact]
    public void A_SHA1_signature_is_MIPSEC1010()
    {
        using var pki = new TestPki();
        using var key = RSA.Create(2048);
        using var leaf = HandIssuer.IssueSha1Signed(pki.Issuing.Certificate, Host, key, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(200));

        var report = pki.Validate(leaf, Host);

        Assert.Equal("1.2.840.113549.1.1.5", leaf.SignatureAlgorithm.Value);
        AssertFinding(report, MipSecCodes.WeakSignatureAlgorithm, FindingSeverity.Error);
    }

    [Fact]
    public void An_issuer_that_is_not_a_CA_is_MIPSEC1011()
    {
        using var pki = new TestPki();
        using var key = RSA.Create(2048);
        using var notCa = HandIssuer.Issue(pki.Root.Certificate, "Contoso Web Server", key, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(300), isCertificateAuthority: false);
        using var leafKey = RSA.Create(2048);
        using var leaf = HandIssuer.Issue(notCa, Host, leafKey, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(200), isCertificateAuthority: false);

        var report = pki.Validator().Validate(leaf, new[] { notCa }, Host);

        AssertFinding(report, MipSecCodes.IssuerNotCertificateAuthority, FindingSeverity.Error);
    }

    [Fact]
    public void A_chain_longer_than_a_path_length_constraint_is_MIPSEC1012()
    {
        using var pki = new TestPki();
        using var constrained = pki.Root.CreateIntermediate("Contoso Policy CA", new CertificateSpec { PathLengthConstraint = 0, NotAfterOffset = TimeSpan.FromDays(900) });
        using var issuing = constrained.CreateIntermediate("Contoso Site CA");
        var leaf = issuing.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(leaf, issuing.IntermediatesToRoot, Host);

        var finding = AssertFinding(report, MipSecCodes.PathLengthExceeded, FindingSeverity.Error);
        Assert.Equal(constrained.Certificate.Thumbprint, finding.Certificate!.Thumbprint);
    }

    [Fact]
    public void A_chain_with_more_intermediates_than_allowed_is_MIPSEC1012()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(new CertificateValidationRequest(leaf, Host) { Intermediates = pki.Issuing.IntermediatesToRoot, MaxIntermediates = 0 });

        AssertFinding(report, MipSecCodes.PathLengthExceeded, FindingSeverity.Error);
    }

    [Fact]
    public void A_CA_without_keyCertSign_is_MIPSEC1013()
    {
        using var pki = new TestPki();
        using var weakCa = pki.Root.CreateIntermediate("Contoso No-Sign CA", new CertificateSpec { KeyUsage = X509KeyUsageFlags.DigitalSignature });
        var leaf = weakCa.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(leaf, weakCa.IntermediatesToRoot, Host);

        AssertFinding(report, MipSecCodes.KeyUsageNotAllowed, FindingSeverity.Error);
    }

    [Theory]
    [InlineData(new[] { "contoso.local" }, new string[0], "rec1.contoso.local", true)]
    [InlineData(new[] { "fabrikam.local" }, new string[0], "rec1.contoso.local", false)]
    [InlineData(new string[0], new[] { "rec1.contoso.local" }, "rec1.contoso.local", false)]
    [InlineData(new string[0], new[] { "rec1.contoso.local" }, "*.contoso.local", false)]
    [InlineData(new[] { "contoso.local" }, new string[0], "*.contoso.local", true)]
    public void Name_constraints_of_a_CA_are_enforced_MIPSEC1014(string[] permitted, string[] excluded, string san, bool trusted)
    {
        using var pki = new TestPki();
        var constraints = HandIssuer.DnsNameConstraints(permitted, excluded);
        using var constrained = pki.Root.CreateIntermediate("Contoso Constrained CA", new CertificateSpec { ExtraExtensions = new[] { constraints } });
        var leaf = constrained.Issue(new CertificateSpec { CommonName = "Recorder 1", DnsNames = new[] { san } });

        var report = pki.Validator().Validate(leaf, constrained.IntermediatesToRoot, Host);

        Assert.Equal(trusted, report.IsTrusted);
        if (!trusted)
        {
            AssertFinding(report, MipSecCodes.NameConstraintViolated, FindingSeverity.Error);
        }
    }

    [Fact]
    public void A_certificate_whose_named_issuer_did_not_sign_it_is_MIPSEC1015()
    {
        using var pki = new TestPki();
        using var impostorRoot = CertificateAuthority.CreateRoot("Contoso Root CA", pki.Clock);
        var leaf = impostorRoot.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(leaf, null, Host);

        AssertFinding(report, MipSecCodes.SignatureInvalid, FindingSeverity.Error);
        Assert.False(report.Has(MipSecCodes.CertificateUntrusted));
    }

    [Fact]
    public void An_unknown_critical_extension_is_MIPSEC1016()
    {
        using var pki = new TestPki();
        var unknown = new X509Extension("1.3.6.1.4.1.55738.666.1", new byte[] { 0x05, 0x00 }, critical: true);
        var leaf = pki.Issuing.Issue(new CertificateSpec { DnsNames = new[] { Host }, ExtraExtensions = new[] { unknown } });

        var report = pki.Validate(leaf, Host);

        AssertFinding(report, MipSecCodes.UnsupportedCriticalExtension, FindingSeverity.Error);
    }

    [Fact]
    public void Revocation_is_not_checked_by_default_and_unknown_status_is_MIPSEC1018_when_it_is()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var checking = new CertificateValidator(new TrustAnchorSet(new[] { pki.Root.Certificate }),
            new CertificateValidationOptions { TimeProvider = pki.Clock, RevocationMode = X509RevocationMode.Offline });

        Assert.True(pki.Validate(leaf, Host).IsTrusted);
        var report = checking.Validate(leaf, pki.Issuing.IntermediatesToRoot, Host);

        // The test CA publishes no revocation list, so the status of the server certificate cannot be known.
        var finding = AssertFinding(report, MipSecCodes.RevocationFailed, FindingSeverity.Error);
        Assert.Contains("could not be determined", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_trust_anchor_is_MIPSEC1020()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var validator = new CertificateValidator(new TrustAnchorSet(Array.Empty<X509Certificate2>()), new CertificateValidationOptions { TimeProvider = pki.Clock });

        var report = validator.Validate(leaf, pki.Issuing.IntermediatesToRoot, Host);

        AssertFinding(report, MipSecCodes.NoTrustAnchors, FindingSeverity.Error);
    }

    [Fact]
    public void A_server_certificate_without_authority_key_identifier_is_MIPSEC1022()
    {
        using var pki = new TestPki();
        using var key = RSA.Create(2048);
        using var leaf = HandIssuer.Issue(pki.Issuing.Certificate, Host, key, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(200), isCertificateAuthority: false, withKeyIdentifiers: false);

        var report = pki.Validate(leaf, Host);

        AssertFinding(report, MipSecCodes.ProfileViolation, FindingSeverity.Error);
    }

    [Fact]
    public void A_common_name_that_is_not_a_SAN_is_MIPSEC1023_when_required()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec { CommonName = "Recorder 1", DnsNames = new[] { Host } });
        var strict = new CertificateValidator(new TrustAnchorSet(new[] { pki.Root.Certificate }),
            new CertificateValidationOptions { TimeProvider = pki.Clock, RequireCommonNameAmongAlternativeNames = true });

        Assert.True(pki.Validate(leaf, Host).IsTrusted);
        AssertFinding(strict.Validate(leaf, pki.Issuing.IntermediatesToRoot, Host), MipSecCodes.CommonNameNotInAlternativeNames, FindingSeverity.Error);
    }

    [Fact]
    public void Path_building_gives_up_after_the_configured_attempts_MIPSEC1024()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var impatient = new CertificateValidator(new TrustAnchorSet(new[] { pki.Root.Certificate }),
            new CertificateValidationOptions { TimeProvider = pki.Clock, MaxPathBuildingAttempts = 1 });

        var report = impatient.Validate(leaf, pki.Issuing.IntermediatesToRoot, Host);

        AssertFinding(report, MipSecCodes.ChainTooComplex, FindingSeverity.Error);
    }

    [Fact]
    public void An_installed_issuing_CA_is_an_anchor_even_though_it_is_not_a_root()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);

        var report = pki.Validator(pki.Issuing.Certificate).Validate(leaf, null, Host);

        Assert.True(report.IsTrusted, Describe(report));
        Assert.Equal(2, report.Chain.Count);
    }

    [Fact]
    public void A_self_signed_server_certificate_installed_as_trusted_is_trusted_and_any_other_is_MIPSEC1001()
    {
        using var pki = new TestPki();
        using var pinned = CertificateAuthority.CreateSelfSigned(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host } }, pki.Clock);
        using var stranger = CertificateAuthority.CreateSelfSigned(new CertificateSpec { CommonName = Host, DnsNames = new[] { Host } }, pki.Clock);

        Assert.True(pki.Validator(pinned).Validate(pinned, null, Host).IsTrusted);
        AssertFinding(pki.Validator(pinned).Validate(stranger, null, Host), MipSecCodes.CertificateUntrusted, FindingSeverity.Error);
    }

    [Fact]
    public void The_path_builder_backtracks_from_a_cross_signed_issuer_that_leads_nowhere()
    {
        using var pki = new TestPki();
        using var otherRoot = CertificateAuthority.CreateRoot("Fabrikam Root CA", pki.Clock);
        using var issuingKey = RSA.Create(2048);
        var from = TestPki.Epoch.AddDays(-1);
        using var viaOther = HandIssuer.Issue(otherRoot.Certificate, "Shared Issuing CA", issuingKey, from, TestPki.Epoch.AddDays(400), isCertificateAuthority: true);
        using var viaContoso = HandIssuer.Issue(pki.Root.Certificate, "Shared Issuing CA", issuingKey, from, TestPki.Epoch.AddDays(400), isCertificateAuthority: true);
        using var leafKey = RSA.Create(2048);
        using var leaf = HandIssuer.Issue(viaContoso, Host, leafKey, from, TestPki.Epoch.AddDays(200), isCertificateAuthority: false);

        // The dead-end cross-certificate comes first; a builder without backtracking stops there.
        var report = pki.Validator().Validate(leaf, new[] { viaOther, otherRoot.Certificate, viaContoso }, Host);

        Assert.True(report.IsTrusted, Describe(report));
        Assert.Equal(viaContoso.Thumbprint, report.Chain[1].Thumbprint);
    }

    [Fact]
    public void The_path_builder_prefers_a_valid_issuer_over_an_expired_one_with_the_same_key()
    {
        using var pki = new TestPki();
        using var issuingKey = RSA.Create(2048);
        var from = TestPki.Epoch.AddDays(-400);
        using var expired = HandIssuer.Issue(pki.Root.Certificate, "Renewed Issuing CA", issuingKey, from, TestPki.Epoch.AddDays(-1), isCertificateAuthority: true);
        using var renewed = HandIssuer.Issue(pki.Root.Certificate, "Renewed Issuing CA", issuingKey, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(700), isCertificateAuthority: true);
        using var leafKey = RSA.Create(2048);
        using var leaf = HandIssuer.Issue(renewed, Host, leafKey, TestPki.Epoch.AddDays(-1), TestPki.Epoch.AddDays(200), isCertificateAuthority: false);

        var report = pki.Validator().Validate(leaf, new[] { expired, renewed }, Host);

        Assert.True(report.IsTrusted, Describe(report));
        Assert.Equal(renewed.Thumbprint, report.Chain[1].Thumbprint);
    }

    [Fact]
    public void A_host_name_mismatch_lists_the_names_the_certificate_carries_MIPSEC1002()
    {
        using var pki = new TestPki();
        var withSans = pki.Issuing.Issue(new CertificateSpec { CommonName = "Recorder 9", DnsNames = new[] { "rec9.contoso.local", "rec9" }, IPAddresses = new[] { IPAddress.Parse("10.0.0.9") } });
        var withoutSans = pki.Issuing.Issue(new CertificateSpec { CommonName = "Recorder 9" });

        var listed = AssertFinding(pki.Validate(withSans, Host), MipSecCodes.HostNameMismatch, FindingSeverity.Error);
        var none = AssertFinding(pki.Validate(withoutSans, Host), MipSecCodes.HostNameMismatch, FindingSeverity.Error);

        Assert.EndsWith("does not name rec1.contoso.local; it names rec9.contoso.local, rec9, 10.0.0.9.", listed.Message, StringComparison.Ordinal);
        Assert.EndsWith("it has no subject alternative names and only the common name 'Recorder 9'.", none.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_intermediate_the_server_did_not_send_is_named_with_the_fix_MIPSEC1001()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(leaf, null, Host);

        var finding = AssertFinding(report, MipSecCodes.CertificateUntrusted, FindingSeverity.Error);
        Assert.Contains("issued by 'CN=Contoso Issuing CA', which the server did not send as an intermediate", finding.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not issued by a CA this party trusts", finding.Message, StringComparison.Ordinal);
        Assert.Contains("Intermediate Certification Authorities", finding.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void A_root_that_is_not_installed_is_named_as_such_MIPSEC1001()
    {
        using var pki = new TestPki();
        using var otherRoot = CertificateAuthority.CreateRoot("Fabrikam Root CA", pki.Clock);
        var leaf = otherRoot.IssueServerCertificate(Host);

        var report = pki.Validator().Validate(leaf, new[] { otherRoot.Certificate }, Host);

        var finding = AssertFinding(report, MipSecCodes.CertificateUntrusted, FindingSeverity.Error);
        Assert.Contains("the chain ends at the root 'Fabrikam Root CA', which is not installed here", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_name_the_server_and_link_to_their_help_page()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var request = new CertificateValidationRequest(leaf, "rec2.contoso.local")
        {
            Intermediates = pki.Issuing.IntermediatesToRoot,
            ServerDescription = "recording server 'Recorder 2'",
        };

        var finding = pki.Validator().Validate(request).FirstError!;

        Assert.Equal("The recording server 'Recorder 2' certificate does not name rec2.contoso.local; it names rec1.contoso.local.", finding.Message);
        Assert.Contains("Server Configurator", finding.Remedy, StringComparison.Ordinal);
        Assert.Equal("https://github.com/mipsecure/mipsecure/blob/main/docs/errors/MIPSEC1002.md", finding.HelpLink);
        Assert.Equal(leaf.Thumbprint, finding.Certificate!.Thumbprint);
    }

    private static TrustFinding AssertFinding(TrustReport report, MipSecCode code, FindingSeverity severity)
    {
        var finding = report.Findings.FirstOrDefault(f => f.Code.Equals(code));
        Assert.True(finding is not null, $"Expected {code.Id}, got:\n{Describe(report)}");
        Assert.Equal(severity, finding!.Severity);
        if (severity == FindingSeverity.Error)
        {
            Assert.False(report.IsTrusted);
        }

        return finding;
    }

    private static string Describe(TrustReport report) => report.Findings.Count == 0 ? "(no findings)" : string.Join("\n", report.Findings);
}
