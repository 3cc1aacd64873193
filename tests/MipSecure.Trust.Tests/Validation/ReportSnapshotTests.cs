using System;
using System.Linq;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Validation;

/// <summary>What an XProtect administrator reads for a badly made recording server certificate.</summary>
public sealed class ReportSnapshotTests
{
    [Fact]
    public void A_certificate_with_several_mistakes_is_explained_finding_by_finding()
    {
        using var pki = new TestPki();
        var leaf = pki.Issuing.Issue(new CertificateSpec
        {
            CommonName = "Recorder 1",
            DnsNames = new[] { "rec1" },
            ExtendedKeyUsages = new[] { "1.3.6.1.5.5.7.3.2" },
            KeySize = 1024,
            NotAfterOffset = TimeSpan.FromDays(12),
        });
        var request = new CertificateValidationRequest(leaf, "rec1.contoso.local")
        {
            Intermediates = pki.Issuing.IntermediatesToRoot,
            ServerDescription = "recording server 'Recorder 1'",
        };

        var report = pki.Validator().Validate(request);

        var rendered = string.Join("\n", new[] { $"trusted: {report.IsTrusted}", $"chain: {string.Join(" <- ", report.Chain.Select(c => c.Subject))}" }
            .Concat(report.Findings.Select(f => $"{f.Code.Id} {f.Severity}: {f.Message}\n  fix: {f.Remedy}\n  certificate: {f.Certificate?.Subject}\n  help: {f.HelpLink}")));
        Snapshot.Verify(rendered);
    }
}
