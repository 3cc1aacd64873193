// Validates a few recording server certificates issued by an in-memory test CA and prints every finding.
using System;
using MipSecure.Pki;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;

using var root = CertificateAuthority.CreateRoot("Contoso Root CA");
using var issuing = root.CreateIntermediate("Contoso Issuing CA");
var validator = new CertificateValidator(new TrustAnchorSet(new[] { root.Certificate }));

var cases = new (string Label, System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, string Host)[]
{
    ("valid", issuing.IssueServerCertificate("rec1.contoso.local"), "rec1.contoso.local"),
    ("expired", issuing.Issue(new CertificateSpec { CommonName = "rec2.contoso.local", DnsNames = new[] { "rec2.contoso.local" }, NotAfterOffset = TimeSpan.FromDays(-3) }), "rec2.contoso.local"),
    ("wrong host", issuing.IssueServerCertificate("rec3.contoso.local"), "rec3.contoso.com"),
};


foreach (var (label, certificate, host) in cases)
{
    var report = validator.Validate(certificate, issuing.IntermediatesToRoot, host);
    Console.WriteLine($"{label,-10} {host,-22} {(report.IsTrusted ? "trusted" : "NOT trusted")}");
    foreach (var finding in report.Findings)
    {
        Console.WriteLine($"    {finding.Code.Id} {finding.Severity}: {finding.Message}");
        Console.WriteLine($"    fix: {finding.Remedy}");
    }


}

return 0;
