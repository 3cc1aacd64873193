using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;

namespace MipSecure.Trust.Validation;

/// <summary>
/// The nameConstraints extension of a CA (RFC 5280 4.2.1.10): DNS names, IP ranges, email addresses and directory names are
/// processed; a constraint of any other kind fails every certificate that carries a name of that kind, since it cannot be checked.
/// </summary>
internal sealed class NameConstraints
{
    private NameConstraints(List<GeneralName> permitted, List<GeneralName> excluded)
    {
        Permitted = permitted;
        Excluded = excluded;
    }

    public List<GeneralName> Permitted { get; }

    public List<GeneralName> Excluded { get; }

    public static NameConstraints Read(AsnReader reader, List<string> defects)
    {
        var sequence = reader.ReadSequence();
        var permitted = new List<GeneralName>();
        var excluded = new List<GeneralName>();
        var permittedTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var excludedTag = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(permittedTag))
        {
            ReadSubtrees(sequence.ReadSequence(permittedTag), permitted);
        }

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(excludedTag))
        {
            ReadSubtrees(sequence.ReadSequence(excludedTag), excluded);
        }

        sequence.ThrowIfNotEmpty();
        if (permitted.Count == 0 && excluded.Count == 0)
        {
            defects.Add("its name constraints extension constrains nothing");
        }

        foreach (var subtree in permitted.Concat(excluded))
        {
            var problem = DescribeInvalidSubtree(subtree);
            if (problem is not null)
            {
                defects.Add(problem);
            }
        }

        return new NameConstraints(permitted, excluded);
    }

    /// <summary>Checks the names of <paramref name="certificate"/> against these constraints.</summary>
    /// <param name="certificate">The certificate below the constrained CA.</param>
    /// <param name="commonNamesAsHostNames">
    /// Common names the host may be matched through (the server certificate has no DNS or IP SAN and the fallback is on): they
    /// are DNS names for the constraints too, or a constrained CA could certify any host by leaving the SAN out.
    /// </param>
    /// <returns>Why a name violates them, or <see langword="null"/> when every name conforms.</returns>
    /// <param name="budget">Charged one comparison per name and constraint: thousands of each are an attack, not a PKI.</param>
    public string? Check(ParsedCertificate certificate, IReadOnlyList<string> commonNamesAsHostNames, ValidationBudget budget)
    {
        var names = new List<GeneralName>(certificate.SubjectAlternativeNames ?? new List<GeneralName>());
        var fromCommonName = commonNamesAsHostNames.Select(GeneralName.Dns).ToList();
        names.AddRange(fromCommonName);
        if (!certificate.SubjectIsEmpty)
        {
            names.Add(new DirectoryNameSubject(certificate).AsGeneralName());
        }

        if (!budget.ChargeNameComparisons((long)names.Count * (Permitted.Count + Excluded.Count)))
        {
            return $"the chain has too many names and constraints to check within {ValidationBudget.NameComparisons.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} comparisons";
        }

        foreach (var name in names)
        {
            if (name.Kind == GeneralNameKind.Dns && !DnsNames.IsValidPresentedName(name.Text, allowWildcard: true)
                && (Permitted.Concat(Excluded).Any(subtree => subtree.Kind == GeneralNameKind.Dns)))
            {
                return $"the name '{name.Text}' is not a valid DNS name, so it cannot be checked against the constraints";
            }

            var excludedBy = Excluded.FirstOrDefault(subtree => subtree.Kind == name.Kind && Excludes(subtree, name, certificate));
            if (excludedBy is not null)
            {
                return $"the {NameOrCommonName(name)} {Describe(name)} is excluded by the constraint {Describe(excludedBy)}";
            }

            var permittedOfKind = Permitted.Where(subtree => subtree.Kind == name.Kind).ToList();
            if (permittedOfKind.Count > 0 && !permittedOfKind.Any(subtree => Permits(subtree, name, certificate)))
            {
                return $"the {NameOrCommonName(name)} {Describe(name)} is outside the permitted names";
            }
        }

        return null;

        string NameOrCommonName(GeneralName name) => fromCommonName.Contains(name) ? "common name (which the host name is matched through)" : "name";
    }

    private static void ReadSubtrees(AsnReader subtrees, List<GeneralName> into)
    {
        while (subtrees.HasData)
        {
            var subtree = subtrees.ReadSequence();
            into.Add(GeneralName.Read(subtree));
            while (subtree.HasData)
            {
                // minimum and maximum: RFC 5280 says they MUST be absent (minimum 0); an explicit value is still harmless to skip.
                subtree.ReadEncodedValue();
            }
        }
    }

    private static string? DescribeInvalidSubtree(GeneralName subtree)
    {
        switch (subtree.Kind)
        {
            case GeneralNameKind.Dns when subtree.Text.Length > 0 && !DnsNames.IsValidHostName(subtree.Text):
                return $"its name constraint '{subtree.Text}' is not a valid DNS name";
            case GeneralNameKind.IPAddress when !IsValidRange(subtree.Bytes):
                return "its name constraints hold an IP range that is not an address and a contiguous mask";
            case GeneralNameKind.Email when subtree.Text.Count(c => c == '@') > 1:
                return $"its name constraint '{subtree.Text}' is not a valid email address";
            default:
                return null;
        }
    }

    private static bool IsValidRange(byte[] range)
    {
        if (range.Length is not (8 or 32))
        {
            return false;
        }

        var maskStarted = false;
        for (var i = range.Length / 2; i < range.Length; i++)
        {
            for (var bit = 7; bit >= 0; bit--)
            {
                var set = (range[i] & (1 << bit)) != 0;
                if (set && maskStarted)
                {
                    return false;
                }

                maskStarted |= !set;
            }
        }

        return true;
    }

    private static bool Permits(GeneralName subtree, GeneralName name, ParsedCertificate certificate) => name.Kind switch
    {
        GeneralNameKind.Dns => name.Text.StartsWith("*.", StringComparison.Ordinal)
            ? DnsNames.IsWithin(name.Text.Substring(2), subtree.Text)
            : DnsNames.IsWithin(name.Text, subtree.Text),
        GeneralNameKind.IPAddress => InRange(name.Bytes, subtree.Bytes),
        GeneralNameKind.Email => EmailWithin(name.Text, subtree.Text),
        GeneralNameKind.DirectoryName => DirectoryWithin(name.Bytes, subtree.Bytes),
        _ => false,
    };

    private static bool Excludes(GeneralName subtree, GeneralName name, ParsedCertificate certificate) => name.Kind switch
    {
        // A wildcard is excluded when any host it could stand for is excluded (CVE-2025-61727).
        GeneralNameKind.Dns => name.Text.StartsWith("*.", StringComparison.Ordinal)
            ? DnsNames.IsWithin(name.Text.Substring(2), subtree.Text) || DnsNames.IsWithin(subtree.Text, name.Text.Substring(2))
            : DnsNames.IsWithin(name.Text, subtree.Text),
        GeneralNameKind.IPAddress => InRange(name.Bytes, subtree.Bytes),
        GeneralNameKind.Email => EmailWithin(name.Text, subtree.Text),
        GeneralNameKind.DirectoryName => DirectoryWithin(name.Bytes, subtree.Bytes),
        _ => true,
    };

    private static bool InRange(byte[] address, byte[] range)
    {
        if (range.Length != address.Length * 2)
        {
            return false;
        }

        for (var i = 0; i < address.Length; i++)
        {
            var mask = range[address.Length + i];
            if ((address[i] & mask) != (range[i] & mask))
            {
                return false;
            }
        }

        return true;
    }

    // RFC 5280 4.2.1.10: "a@host" is one mailbox, "host" every mailbox on that host, ".domain" every mailbox below that domain.
    private static bool EmailWithin(string address, string constraint)
    {
        var at = address.LastIndexOf('@');
        if (at <= 0 || address.IndexOf('@') != at)
        {
            return false;
        }

        var host = address.Substring(at + 1);
        if (constraint.IndexOf('@') >= 0)
        {
            var constraintAt = constraint.LastIndexOf('@');
            return string.Equals(address.Substring(0, at), constraint.Substring(0, constraintAt), StringComparison.Ordinal)
                && string.Equals(host, constraint.Substring(constraintAt + 1), StringComparison.OrdinalIgnoreCase);
        }

        if (constraint.StartsWith(".", StringComparison.Ordinal))
        {
            return host.Length > constraint.Length && host.EndsWith(constraint, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(host, constraint, StringComparison.OrdinalIgnoreCase);
    }

    // A directory name is within a subtree when the subtree's RDNs are its first RDNs.
    private static bool DirectoryWithin(byte[] name, byte[] subtree)
    {
        var nameRdns = Rdns(name);
        var subtreeRdns = Rdns(subtree);
        if (nameRdns is null || subtreeRdns is null || subtreeRdns.Count > nameRdns.Count)
        {
            return false;
        }

        return subtreeRdns.Select((rdn, i) => rdn.AsSpan().SequenceEqual(nameRdns[i])).All(equal => equal);
    }

    private static List<byte[]>? Rdns(byte[] name)
    {
        try
        {
            var sequence = new AsnReader(name, AsnEncodingRules.DER).ReadSequence();
            var rdns = new List<byte[]>();
            while (sequence.HasData)
            {
                rdns.Add(sequence.ReadEncodedValue().ToArray());
            }

            return rdns;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static string Describe(GeneralName name) => name.Kind switch
    {
        GeneralNameKind.IPAddress when name.Bytes.Length is 8 or 32 =>
            new System.Net.IPAddress(name.Bytes.Take(name.Bytes.Length / 2).ToArray()) + "/" + new System.Net.IPAddress(name.Bytes.Skip(name.Bytes.Length / 2).ToArray()),
        GeneralNameKind.DirectoryName => "(directory name)",
        _ => "'" + name + "'",
    };

    /// <summary>Presents a certificate's subject as a directoryName so that it is checked like one.</summary>
    private sealed class DirectoryNameSubject
    {
        private readonly ParsedCertificate _certificate;

        public DirectoryNameSubject(ParsedCertificate certificate) => _certificate = certificate;

        public GeneralName AsGeneralName()
        {
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
            {
                writer.WriteEncodedValue(_certificate.SubjectName);
            }

            return GeneralName.Read(new AsnReader(writer.Encode(), AsnEncodingRules.DER));
        }
    }
}
