using System;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

public sealed class CachingCertificateValidatorTests
{
    private const string Host = "rec1.contoso.local";

    [Fact]
    public void A_report_is_reused_until_the_expiry_warning_window_of_the_chain_opens()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var cache = new CachingCertificateValidator(pki.Validator());
        var request = new CertificateValidationRequest(leaf, Host) { Intermediates = pki.Issuing.IntermediatesToRoot };

        var first = cache.Validate(request);
        Assert.Same(first, cache.Validate(request));

        // The leaf ends 365 days after the epoch; the 30-day warning window opens 335 days after it.
        pki.Clock.Advance(TimeSpan.FromDays(334));
        Assert.Same(first, cache.Validate(request));

        pki.Clock.Advance(TimeSpan.FromDays(2));
        var renewed = cache.Validate(request);
        Assert.NotSame(first, renewed);
        Assert.True(renewed.Has(MipSecCodes.CertificateExpiresSoon));
        Assert.True(renewed.IsTrusted);
    }

    [Fact]
    public void Inside_the_warning_window_every_validation_is_fresh_so_the_days_left_count_down()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new Pki.CertificateSpec { DnsNames = new[] { Host }, NotAfterOffset = TimeSpan.FromDays(10) });
        var cache = new CachingCertificateValidator(pki.Validator());
        var request = new CertificateValidationRequest(leaf, Host) { Intermediates = pki.Issuing.IntermediatesToRoot };

        var first = cache.Validate(request);
        pki.Clock.Advance(TimeSpan.FromDays(1));
        var second = cache.Validate(request);

        Assert.NotSame(first, second);
        Assert.Contains("10 days left", first.FirstWarning(), StringComparison.Ordinal);
        Assert.Contains("9 days left", second.FirstWarning(), StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_key_covers_the_host_and_the_anchor_set()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host, "rec1");
        var cache = new CachingCertificateValidator(pki.Validator());
        var other = new CachingCertificateValidator(pki.Validator(pki.Issuing.Certificate));

        var forFqdn = cache.Validate(leaf.Request(pki, Host));
        var forShortName = cache.Validate(leaf.Request(pki, "rec1"));
        var otherAnchors = other.Validate(leaf.Request(pki, Host));

        Assert.NotSame(forFqdn, forShortName);
        Assert.Equal(2, cache.Count);
        Assert.Equal(2, otherAnchors.Chain.Count);
        Assert.Equal(3, forFqdn.Chain.Count);
    }

    [Fact]
    public void A_request_for_an_explicit_time_is_never_cached()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.IssueServerCertificate(Host);
        var cache = new CachingCertificateValidator(pki.Validator());
        var request = new CertificateValidationRequest(leaf, Host) { Intermediates = pki.Issuing.IntermediatesToRoot, ValidationTime = TestPki.Epoch.AddYears(2) };

        var report = cache.Validate(request);

        Assert.True(report.Has(MipSecCodes.CertificateExpired));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_cache_never_grows_past_its_capacity()
    {
        using var pki = new TestPki();
        var cache = new CachingCertificateValidator(pki.Validator(), capacity: 2);
        for (var i = 0; i < 5; i++)
        {
            cache.Validate(pki.Issuing.IssueServerCertificate($"rec{i}.contoso.local").Request(pki, $"rec{i}.contoso.local"));
            Assert.InRange(cache.Count, 1, 2);
        }
    }
}

internal static class CacheTestExtensions
{
    public static CertificateValidationRequest Request(this System.Security.Cryptography.X509Certificates.X509Certificate2 leaf, TestPki pki, string host) =>
        new(leaf, host) { Intermediates = pki.Issuing.IntermediatesToRoot };

    public static string FirstWarning(this TrustReport report) =>
        Array.Find(System.Linq.Enumerable.ToArray(report.Findings), f => f.Severity == FindingSeverity.Warning)?.Message ?? string.Empty;
}
