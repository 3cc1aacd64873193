using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// A certificate decoded field by field (RFC 5280 4.1) with the extensions the path validator needs.
/// Decoding never throws: what cannot be read is recorded in <see cref="Defects"/> and makes the certificate unusable.
/// </summary>
internal sealed class ParsedCertificate
{
    private CertificateSummary? _summary;

    private ParsedCertificate(X509Certificate2 certificate)
    {
        Certificate = certificate;
        Raw = certificate.RawData;
    }

    /// <summary>Gets the certificate as .NET loaded it.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the DER encoding.</summary>
    public byte[] Raw { get; }

    /// <summary>Gets the problems that make the certificate malformed or outside the RFC 5280 profile.</summary>
    public List<string> Defects { get; } = new();

    /// <summary>Gets what is wrong with the serial number (RFC 5280 4.1.2.2), if anything. Old roots break this rule and are still trusted.</summary>
    public string? SerialNumberDefect { get; private set; }

    /// <summary>Gets whether the encoding could not be decoded at all.</summary>
    public bool IsUnreadable { get; private set; }

    public ReadOnlyMemory<byte> TbsCertificate { get; private set; }

    public AlgorithmIdentifier SignatureAlgorithm { get; private set; } = AlgorithmIdentifier.Empty;

    public byte[] SignatureValue { get; private set; } = Array.Empty<byte>();

    public int Version { get; private set; }

    public byte[] SerialNumber { get; private set; } = Array.Empty<byte>();

    public byte[] IssuerName { get; private set; } = Array.Empty<byte>();

    public byte[] SubjectName { get; private set; } = Array.Empty<byte>();

    /// <summary>Gets whether the subject is an empty RDN sequence.</summary>
    public bool SubjectIsEmpty { get; private set; }

    /// <summary>Gets the subject's common names, in order.</summary>
    public List<string> CommonNames { get; } = new();

    /// <summary>Gets the subject's relative distinguished names, each as its DER encoding, for directoryName constraints.</summary>
    public List<byte[]> SubjectRdns { get; } = new();

    public DateTimeOffset NotBefore { get; private set; }

    public DateTimeOffset NotAfter { get; private set; }

    public AlgorithmIdentifier PublicKeyAlgorithm { get; private set; } = AlgorithmIdentifier.Empty;

    public byte[] PublicKey { get; private set; } = Array.Empty<byte>();

    public List<CertificateExtension> Extensions { get; } = new();

    public BasicConstraints? BasicConstraints { get; private set; }

    /// <summary>Gets the key usage bits (bit 0 = digitalSignature … bit 8 = decipherOnly) or <see langword="null"/> when absent.</summary>
    public int? KeyUsage { get; private set; }

    public List<string>? ExtendedKeyUsages { get; private set; }

    public List<GeneralName>? SubjectAlternativeNames { get; private set; }

    public NameConstraints? NameConstraints { get; private set; }

    public byte[]? SubjectKeyIdentifier { get; private set; }

    /// <summary>Gets the policy OIDs of the certificatePolicies extension, or <see langword="null"/> when it is absent.</summary>
    public List<string>? CertificatePolicies { get; private set; }

    /// <summary>Gets the issuerDomainPolicy to subjectDomainPolicy pairs of the policyMappings extension, or <see langword="null"/>.</summary>
    public List<(string IssuerDomain, string SubjectDomain)>? PolicyMappings { get; private set; }

    /// <summary>Gets requireExplicitPolicy of the policyConstraints extension (a count of certificates), when present.</summary>
    public int? RequireExplicitPolicy { get; private set; }

    /// <summary>Gets inhibitPolicyMapping of the policyConstraints extension, when present.</summary>
    public int? InhibitPolicyMapping { get; private set; }

    /// <summary>Gets the SkipCerts of the inhibitAnyPolicy extension, when present.</summary>
    public int? InhibitAnyPolicy { get; private set; }

    public byte[]? AuthorityKeyIdentifier { get; private set; }

    /// <summary>Gets whether the AKI carries authorityCertIssuer or authorityCertSerialNumber.</summary>
    public bool AuthorityKeyIdentifierHasIssuerAndSerial { get; private set; }

    public bool IsSelfIssued => IssuerName.AsSpan().SequenceEqual(SubjectName);

    public bool IsCertificateAuthority => BasicConstraints?.IsCertificateAuthority == true;

    /// <summary>Gets the facts a finding shows, read without trusting the platform to decode a damaged certificate.</summary>
    public CertificateSummary Summary => _summary ??= Summarize();

    public CertificateExtension? Extension(string oid) => Extensions.FirstOrDefault(e => e.Oid == oid);

    public static ParsedCertificate Parse(X509Certificate2 certificate)
    {
        var parsed = new ParsedCertificate(certificate);
        try
        {
            parsed.Decode();
        }
        catch (Exception ex) when (ex is AsnContentException or ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            parsed.IsUnreadable = true;
            parsed.Defects.Add("its encoding cannot be decoded (" + ex.Message.TrimEnd('.') + ")");
        }

        return parsed;
    }

    private CertificateSummary Summarize()
    {
        string subject;
        try
        {
            subject = Certificate.Subject;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            subject = CommonNames.Count > 0 ? "CN=" + CommonNames[CommonNames.Count - 1] : "(unreadable subject)";
        }

        return new CertificateSummary(subject, Certificate.Thumbprint, IsUnreadable ? DateTimeOffset.MinValue : NotAfter.ToUniversalTime());
    }

    private void Decode()
    {
        var outer = new AsnReader(Raw, AsnEncodingRules.DER);
        var certificate = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        TbsCertificate = certificate.ReadEncodedValue();
        SignatureAlgorithm = AlgorithmIdentifier.Read(certificate);
        SignatureValue = certificate.ReadBitString(out var unused);
        if (unused != 0)
        {
            Defects.Add("its signature is not a whole number of bytes");
        }

        certificate.ThrowIfNotEmpty();

        var tbs = new AsnReader(TbsCertificate, AsnEncodingRules.DER).ReadSequence();
        var versionTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        Version = 1;
        if (tbs.PeekTag().HasSameClassAndValue(versionTag))
        {
            var explicitVersion = tbs.ReadSequence(versionTag);
            Version = (int)explicitVersion.ReadInteger() + 1;
            explicitVersion.ThrowIfNotEmpty();
        }

        SerialNumber = tbs.ReadIntegerBytes().ToArray();
        var innerAlgorithm = AlgorithmIdentifier.Read(tbs);
        if (!innerAlgorithm.Equals(SignatureAlgorithm))
        {
            Defects.Add("its two signature algorithm fields differ");
        }

        IssuerName = tbs.ReadEncodedValue().ToArray();
        var validity = tbs.ReadSequence();
        NotBefore = ReadTime(validity);
        NotAfter = ReadTime(validity);
        validity.ThrowIfNotEmpty();
        SubjectName = tbs.ReadEncodedValue().ToArray();
        ReadSubject();

        var spki = tbs.ReadSequence();
        PublicKeyAlgorithm = AlgorithmIdentifier.Read(spki);
        PublicKey = spki.ReadBitString(out _);
        spki.ThrowIfNotEmpty();

        var issuerUniqueId = new Asn1Tag(TagClass.ContextSpecific, 1);
        var subjectUniqueId = new Asn1Tag(TagClass.ContextSpecific, 2);
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 3, isConstructed: true);
        while (tbs.HasData)
        {
            var tag = tbs.PeekTag();
            if (tag.HasSameClassAndValue(issuerUniqueId) || tag.HasSameClassAndValue(subjectUniqueId))
            {
                tbs.ReadEncodedValue();
            }
            else if (tag.HasSameClassAndValue(extensionsTag))
            {
                var wrapper = tbs.ReadSequence(extensionsTag);
                ReadExtensions(wrapper.ReadSequence());
                wrapper.ThrowIfNotEmpty();
            }
            else
            {
                throw new AsnContentException("Unexpected field in the certificate body.");
            }
        }

        CheckFieldProfile();
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime(2049) : reader.ReadGeneralizedTime();

    private void ReadSubject()
    {
        var name = new AsnReader(SubjectName, AsnEncodingRules.DER).ReadSequence();
        SubjectIsEmpty = !name.HasData;
        while (name.HasData)
        {
            var rdnEncoded = name.ReadEncodedValue();
            SubjectRdns.Add(rdnEncoded.ToArray());
            var rdn = new AsnReader(rdnEncoded, AsnEncodingRules.DER).ReadSetOf();
            while (rdn.HasData)
            {
                var attribute = rdn.ReadSequence();
                var type = attribute.ReadObjectIdentifier();
                if (type == Oids.CommonName)
                {
                    CommonNames.Add(DirectoryString.Read(attribute));
                }
                else
                {
                    attribute.ReadEncodedValue();
                }
            }
        }
    }

    private void ReadExtensions(AsnReader sequence)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (sequence.HasData)
        {
            var extension = sequence.ReadSequence();
            var oid = extension.ReadObjectIdentifier();
            var critical = false;
            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                critical = extension.ReadBoolean();
            }

            var value = extension.ReadOctetString();
            extension.ThrowIfNotEmpty();
            if (!seen.Add(oid))
            {
                Defects.Add($"it carries the extension {oid} twice");
            }

            var parsed = new CertificateExtension(oid, critical, value);
            Extensions.Add(parsed);
            DecodeExtension(parsed);
        }
    }

    private void DecodeExtension(CertificateExtension extension)
    {
        var reader = new AsnReader(extension.Value, AsnEncodingRules.DER);
        switch (extension.Oid)
        {
            case Oids.BasicConstraints:
                BasicConstraints = Validation.BasicConstraints.Read(reader);
                break;
            case Oids.KeyUsage:
                KeyUsage = ReadKeyUsage(reader);
                break;
            case Oids.ExtendedKeyUsage:
                var usages = reader.ReadSequence();
                ExtendedKeyUsages = new List<string>();
                while (usages.HasData)
                {
                    ExtendedKeyUsages.Add(usages.ReadObjectIdentifier());
                }

                if (ExtendedKeyUsages.Count == 0)
                {
                    Defects.Add("its extended key usage extension lists no usage");
                }

                break;
            case Oids.SubjectAlternativeName:
                SubjectAlternativeNames = GeneralName.ReadSequence(reader);
                if (SubjectAlternativeNames.Count == 0)
                {
                    Defects.Add("its subject alternative name extension is empty");
                }

                break;
            case Oids.NameConstraints:
                NameConstraints = Validation.NameConstraints.Read(reader, Defects);
                break;
            case Oids.SubjectKeyIdentifier:
                SubjectKeyIdentifier = reader.ReadOctetString();
                break;
            case Oids.CertificatePolicies:
                CertificatePolicies = ReadCertificatePolicies(reader);
                break;
            case Oids.PolicyMappings:
                PolicyMappings = ReadPolicyMappings(reader);
                break;
            case Oids.PolicyConstraints:
                ReadPolicyConstraints(reader);
                break;
            case Oids.InhibitAnyPolicy:
                InhibitAnyPolicy = ReadSkipCerts(reader, Asn1Tag.Integer);
                break;
            case Oids.AuthorityKeyIdentifier:
                ReadAuthorityKeyIdentifier(reader);
                break;
            case Oids.AuthorityInformationAccess:
                var descriptions = reader.ReadSequence();
                if (!descriptions.HasData)
                {
                    Defects.Add("its authority information access extension is empty");
                }

                while (descriptions.HasData)
                {
                    var description = descriptions.ReadSequence();
                    description.ReadObjectIdentifier();
                    GeneralName.Read(description);
                    description.ThrowIfNotEmpty();
                }

                break;
            default:
                return;
        }

        reader.ThrowIfNotEmpty();
    }

    // RFC 5280 4.2.1.4: PolicyInformation ::= SEQUENCE { policyIdentifier, policyQualifiers OPTIONAL }; qualifiers are not used.
    private List<string> ReadCertificatePolicies(AsnReader reader)
    {
        var policies = new List<string>();
        var sequence = reader.ReadSequence();
        while (sequence.HasData)
        {
            var information = sequence.ReadSequence();
            var policy = information.ReadObjectIdentifier();
            if (information.HasData)
            {
                information.ReadSequence();
            }

            information.ThrowIfNotEmpty();
            if (policies.Contains(policy))
            {
                Defects.Add($"its certificate policies list {policy} twice");
            }

            policies.Add(policy);
        }

        if (policies.Count == 0)
        {
            Defects.Add("its certificate policies extension lists no policy");
        }

        return policies;
    }

    private List<(string, string)> ReadPolicyMappings(AsnReader reader)
    {
        var mappings = new List<(string, string)>();
        var sequence = reader.ReadSequence();
        while (sequence.HasData)
        {
            var mapping = sequence.ReadSequence();
            mappings.Add((mapping.ReadObjectIdentifier(), mapping.ReadObjectIdentifier()));
            mapping.ThrowIfNotEmpty();
        }

        if (mappings.Count == 0)
        {
            Defects.Add("its policy mappings extension maps nothing");
        }

        return mappings;
    }

    private void ReadPolicyConstraints(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var requireTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        var inhibitTag = new Asn1Tag(TagClass.ContextSpecific, 1);
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(requireTag))
        {
            RequireExplicitPolicy = ReadSkipCerts(sequence, requireTag);
        }

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(inhibitTag))
        {
            InhibitPolicyMapping = ReadSkipCerts(sequence, inhibitTag);
        }

        sequence.ThrowIfNotEmpty();
        if (RequireExplicitPolicy is null && InhibitPolicyMapping is null)
        {
            Defects.Add("its policy constraints extension is empty, which RFC 5280 forbids");
        }
    }

    // SkipCerts ::= INTEGER (0..MAX); a count beyond any path is as good as int.MaxValue.
    private static int ReadSkipCerts(AsnReader reader, Asn1Tag tag)
    {
        var value = reader.ReadInteger(tag);
        return value.Sign < 0 ? throw new AsnContentException("Negative SkipCerts.") : value > int.MaxValue ? int.MaxValue : (int)value;
    }

    private static int ReadKeyUsage(AsnReader reader)
    {
        var bits = reader.ReadBitString(out _);
        var value = 0;
        for (var bit = 0; bit < Math.Min(bits.Length * 8, 16); bit++)
        {
            if ((bits[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                value |= 1 << bit;
            }
        }

        return value;
    }

    private void ReadAuthorityKeyIdentifier(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(keyIdTag))
        {
            AuthorityKeyIdentifier = sequence.ReadOctetString(keyIdTag);
        }

        if (sequence.HasData)
        {
            AuthorityKeyIdentifierHasIssuerAndSerial = true;
            while (sequence.HasData)
            {
                sequence.ReadEncodedValue();
            }
        }
    }

    // Rules of RFC 5280 4.1 and 4.2 that concern one certificate on its own, whatever its place in the chain.
    private void CheckFieldProfile()
    {
        if (Version != 3)
        {
            Defects.Add($"it is an X.509 version {Version} certificate; only version 3 is accepted");
        }

        var negative = SerialNumber.Length > 0 && (SerialNumber[0] & 0x80) != 0;
        if (negative || SerialNumber.All(b => b == 0))
        {
            SerialNumberDefect = "its serial number is zero or negative";
        }
        else if (SerialNumber.Length > 21 || (SerialNumber.Length == 21 && SerialNumber[0] != 0))
        {
            SerialNumberDefect = "its serial number is longer than 20 bytes";
        }

        if (new AsnReader(IssuerName, AsnEncodingRules.DER).ReadSequence().HasData == false)
        {
            Defects.Add("its issuer name is empty");
        }

        foreach (var extension in Extensions)
        {
            var mustNotBeCritical = extension.Oid is Oids.AuthorityKeyIdentifier or Oids.SubjectKeyIdentifier or Oids.AuthorityInformationAccess;
            if (mustNotBeCritical && extension.IsCritical)
            {
                Defects.Add($"its {Oids.Describe(extension.Oid)} extension is marked critical, which RFC 5280 forbids");
            }

            if (extension.Oid == Oids.PolicyConstraints && !extension.IsCritical)
            {
                Defects.Add("its policy constraints extension is not marked critical, which RFC 5280 requires");
            }
        }

        var san = Extension(Oids.SubjectAlternativeName);
        if (san is not null && SubjectIsEmpty && !san.IsCritical)
        {
            Defects.Add("its subject is empty but its subject alternative name extension is not critical");
        }
    }
}

/// <summary>One extension as encoded.</summary>
internal sealed record CertificateExtension(string Oid, bool IsCritical, byte[] Value);

/// <summary>The basicConstraints extension (RFC 5280 4.2.1.9).</summary>
internal sealed record BasicConstraints(bool IsCertificateAuthority, int? PathLength)
{
    public static BasicConstraints Read(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var isCa = false;
        int? pathLength = null;
        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            isCa = sequence.ReadBoolean();
        }

        if (sequence.HasData)
        {
            pathLength = sequence.TryReadInt32(out var value) && value >= 0 ? value : throw new AsnContentException("Bad path length.");
        }

        sequence.ThrowIfNotEmpty();
        return new BasicConstraints(isCa, pathLength);
    }
}

/// <summary>An AlgorithmIdentifier: the OID and the encoded parameters, if any.</summary>
internal sealed class AlgorithmIdentifier : IEquatable<AlgorithmIdentifier>
{
    public static readonly AlgorithmIdentifier Empty = new(string.Empty, null);

    private AlgorithmIdentifier(string oid, byte[]? parameters)
    {
        Oid = oid;
        Parameters = parameters;
    }

    public string Oid { get; }

    public byte[]? Parameters { get; }

    public static AlgorithmIdentifier Read(AsnReader reader)
    {
        var sequence = reader.ReadSequence();
        var oid = sequence.ReadObjectIdentifier();
        var parameters = sequence.HasData ? sequence.ReadEncodedValue().ToArray() : null;
        sequence.ThrowIfNotEmpty();
        return new AlgorithmIdentifier(oid, parameters);
    }

    public bool Equals(AlgorithmIdentifier? other) =>
        other is not null && Oid == other.Oid && (Parameters ?? Array.Empty<byte>()).AsSpan().SequenceEqual(other.Parameters ?? Array.Empty<byte>());

    public override bool Equals(object? obj) => Equals(obj as AlgorithmIdentifier);

    public override int GetHashCode() => Oid.GetHashCode();
}

/// <summary>Reads the DirectoryString CHOICE of X.520 attribute values.</summary>
internal static class DirectoryString
{
    public static string Read(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass == TagClass.Universal)
        {
            switch ((UniversalTagNumber)tag.TagValue)
            {
                case UniversalTagNumber.UTF8String:
                case UniversalTagNumber.PrintableString:
                case UniversalTagNumber.IA5String:
                case UniversalTagNumber.BMPString:
                case UniversalTagNumber.VisibleString:
                    return reader.ReadCharacterString((UniversalTagNumber)tag.TagValue);
            }
        }

        reader.ReadEncodedValue();
        return string.Empty;
    }
}
