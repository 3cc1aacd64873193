using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Output;

/// <summary>Writes what was checked about each certificate: subject, issuer, names and validity, for people.</summary>
internal static class CertificateTextWriter
{
    public static void Write(IReadOnlyList<CertificateSummary> certificates, DateTimeOffset now, TextWriter writer)
    {
        foreach (var certificate in certificates)
        {
            writer.WriteLine($"certificate {certificate.Subject}");
            writer.WriteLine($"  issuer:     {certificate.Issuer ?? "unknown"}");
            writer.WriteLine($"  names:      {(certificate.SubjectAlternativeNames.Count == 0 ? "none (no subject alternative names)" : string.Join(", ", certificate.SubjectAlternativeNames))}");
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  valid till: {certificate.NotAfter.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({DaysLeft.Describe(certificate.NotAfter, now)})"));
            writer.WriteLine($"  thumbprint: {certificate.Thumbprint}");
        }
    }
}
