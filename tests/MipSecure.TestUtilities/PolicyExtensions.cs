using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.TestUtilities;

/// <summary>The certificate policy extensions of RFC 5280 (4.2.1.4, 4.2.1.5, 4.2.1.11, 4.2.1.14), hand-encoded.</summary>
public static class PolicyExtensions
{
    public const string AnyPolicy = "2.5.29.32.0";

    public static X509Extension CertificatePolicies(params string[] policies)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var policy in policies)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(policy);
                }
            }
        }

        return new X509Extension("2.5.29.32", writer.Encode(), critical: false);
    }

    public static X509Extension PolicyConstraints(int? requireExplicitPolicy, int? inhibitPolicyMapping, bool critical = true)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (requireExplicitPolicy is { } require)
            {
                writer.WriteInteger(require, new Asn1Tag(TagClass.ContextSpecific, 0));
            }

            if (inhibitPolicyMapping is { } inhibit)
            {
                writer.WriteInteger(inhibit, new Asn1Tag(TagClass.ContextSpecific, 1));
            }
        }

        return new X509Extension("2.5.29.36", writer.Encode(), critical);
    }

    public static X509Extension PolicyMappings(params (string IssuerDomain, string SubjectDomain)[] mappings)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            foreach (var (issuerDomain, subjectDomain) in mappings)
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(issuerDomain);
                    writer.WriteObjectIdentifier(subjectDomain);
                }
            }
        }

        return new X509Extension("2.5.29.33", writer.Encode(), critical: true);
    }

    public static X509Extension InhibitAnyPolicy(int skipCerts)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteInteger(skipCerts);
        return new X509Extension("2.5.29.54", writer.Encode(), critical: true);
    }
}
