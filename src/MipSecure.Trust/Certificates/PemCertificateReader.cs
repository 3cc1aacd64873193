using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Certificates;

/// <summary>Reads every <c>CERTIFICATE</c> block of a PEM file or bundle; other blocks (keys, requests) are skipped.</summary>
internal static class PemCertificateReader
{
    private const string BeginPrefix = "-----BEGIN ";
    private const string EndPrefix = "-----END ";
    private const string Dashes = "-----";

    public static List<X509Certificate2> Read(byte[] data, string sourceName)
    {
        var text = Encoding.UTF8.GetString(data);
        var certificates = new List<X509Certificate2>();
        var skippedLabels = new List<string>();
        var position = 0;
        var blockNumber = 0;
        while (true)
        {
            var begin = text.IndexOf(BeginPrefix, position, StringComparison.Ordinal);
            if (begin < 0)
            {
                break;
            }

            blockNumber++;
            var labelStart = begin + BeginPrefix.Length;
            var labelEnd = text.IndexOf(Dashes, labelStart, StringComparison.Ordinal);
            var lineEnd = text.IndexOf('\n', labelStart);
            if (labelEnd < 0 || (lineEnd >= 0 && labelEnd > lineEnd))
            {
                throw Corrupt(sourceName, $"PEM block {blockNumber} has a malformed BEGIN line");
            }

            var label = text.Substring(labelStart, labelEnd - labelStart);
            if (!IsPrintableLabel(label))
            {
                throw Corrupt(sourceName, $"PEM block {blockNumber} has a malformed BEGIN line");
            }

            var bodyStart = labelEnd + Dashes.Length;
            var endMarker = EndPrefix + label + Dashes;
            var end = text.IndexOf(endMarker, bodyStart, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new CertificateLoadException(
                    MipSecCodes.CertificateCorrupt, sourceName, $"PEM block {blockNumber} ({label}) has no END line: the file is truncated",
                    "Copy the certificate again, including the '-----END " + label + "-----' line.");
            }

            position = end + endMarker.Length;
            if (!string.Equals(label, "CERTIFICATE", StringComparison.Ordinal) &&
                !string.Equals(label, "X509 CERTIFICATE", StringComparison.Ordinal))
            {
                skippedLabels.Add(label);
                continue;
            }

            var der = DecodeBase64(text.Substring(bodyStart, end - bodyStart), sourceName, blockNumber);
            if (DerShape.Classify(der) != DerShapeKind.Certificate)
            {
                throw Corrupt(sourceName, $"PEM block {blockNumber} does not hold a well-formed certificate");
            }

            certificates.Add(CertificateLoader.CreateCertificate(der, sourceName));
        }

        if (certificates.Count == 0)
        {
            var what = skippedLabels.Count == 0 ? "no PEM CERTIFICATE block" : "only " + string.Join(", ", skippedLabels) + " blocks";
            throw new CertificateLoadException(
                MipSecCodes.NotACertificate, sourceName, $"the file holds {what}",
                "A key or a certificate request is not a certificate: point to the issued certificate (-----BEGIN CERTIFICATE-----).");
        }

        return certificates;
    }

    private static byte[] DecodeBase64(string body, string sourceName, int blockNumber)
    {
        var compact = new StringBuilder(body.Length);
        foreach (var c in body)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        try
        {
            var der = Convert.FromBase64String(compact.ToString());
            if (der.Length == 0)
            {
                throw Corrupt(sourceName, $"PEM block {blockNumber} is empty");
            }

            return der;
        }
        catch (FormatException ex)
        {
            throw new CertificateLoadException(
                MipSecCodes.CertificateCorrupt, sourceName, $"PEM block {blockNumber} is not valid Base64",
                "Copy the certificate again; a character was changed or lost.", ex);
        }
    }

    // Labels are short upper-case ASCII words ("CERTIFICATE", "PRIVATE KEY"); anything else is damage, and is never echoed.
    private static bool IsPrintableLabel(string label)
    {
        if (label.Length is 0 or > 64)
        {
            return false;
        }

        foreach (var c in label)
        {
            if (c < 0x20 || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    private static CertificateLoadException Corrupt(string sourceName, string reason) =>
        new(MipSecCodes.CertificateCorrupt, sourceName, reason, "Copy or export the certificate again and replace the file.");
}
