using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Validation;

/// <summary>The DNS names and IP addresses of a certificate's subjectAltName extension (RFC 5280 4.2.1.6).</summary>
internal sealed class SubjectAlternativeNames
{
    private const string ExtensionOid = "2.5.29.17";
    private static readonly Asn1Tag DnsNameTag = new(TagClass.ContextSpecific, 2);
    private static readonly Asn1Tag IPAddressTag = new(TagClass.ContextSpecific, 7);

    private SubjectAlternativeNames(bool present, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> ipAddresses, bool malformed)
    {
        IsPresent = present;
        DnsNames = dnsNames;
        IPAddresses = ipAddresses;
        IsMalformed = malformed;
    }

    public bool IsPresent { get; }

    public IReadOnlyList<string> DnsNames { get; }

    public IReadOnlyList<IPAddress> IPAddresses { get; }

    public bool IsMalformed { get; }

    public bool HasDnsOrIP => DnsNames.Count > 0 || IPAddresses.Count > 0;

    public static SubjectAlternativeNames Read(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.Cast<X509Extension>().FirstOrDefault(e => e.Oid?.Value == ExtensionOid);
        if (extension is null)
        {
            return new SubjectAlternativeNames(false, new List<string>(), new List<IPAddress>(), malformed: false);
        }

        var dnsNames = new List<string>();
        var addresses = new List<IPAddress>();
        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            while (names.HasData)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(DnsNameTag))
                {
                    dnsNames.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, DnsNameTag));
                }
                else if (tag.HasSameClassAndValue(IPAddressTag))
                {
                    var bytes = names.ReadOctetString(IPAddressTag);
                    if (bytes.Length is 4 or 16)
                    {
                        addresses.Add(new IPAddress(bytes));
                    }
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }

            return new SubjectAlternativeNames(true, dnsNames, addresses, malformed: false);
        }
        catch (AsnContentException)
        {
            return new SubjectAlternativeNames(true, dnsNames, addresses, malformed: true);
        }
    }
}
