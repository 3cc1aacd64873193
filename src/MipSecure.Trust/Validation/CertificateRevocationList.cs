using System;
using System.Collections.Generic;
using System.Formats.Asn1;
using System.IO;
using System.Linq;
using System.Text;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// A certificate revocation list (RFC 5280 section 5) that the user supplies, for example the CRL an Active Directory CA
/// publishes, copied to this machine. It is decoded here and judged at validation time against the CA that issued it;
/// nothing is ever fetched from the network.
/// </summary>
public sealed class CertificateRevocationList
{
    /// <summary>The largest CRL file read, in bytes: a CA with millions of revoked certificates is not an XProtect site's CA.</summary>
    internal const long MaxFileBytes = 64 * 1024 * 1024;

    private readonly HashSet<string> _revokedSerials;

    private CertificateRevocationList(string source, byte[] raw)
    {
        Source = source;
        Raw = raw;
        _revokedSerials = new HashSet<string>(StringComparer.Ordinal);
    }

    /// <summary>Gets where the list came from (a file path as the user wrote it), for messages.</summary>
    public string Source { get; }

    /// <summary>Gets the time the list was issued (thisUpdate).</summary>
    public DateTimeOffset ThisUpdate { get; private set; }

    /// <summary>Gets the time by which the CA promised the next list (nextUpdate), if it says.</summary>
    public DateTimeOffset? NextUpdate { get; private set; }

    /// <summary>Gets how many certificates the list revokes.</summary>
    public int RevokedCount => _revokedSerials.Count;

    internal byte[] Raw { get; }

    internal ReadOnlyMemory<byte> TbsCertList { get; private set; }

    internal AlgorithmIdentifier SignatureAlgorithm { get; private set; } = AlgorithmIdentifier.Empty;

    internal byte[] SignatureValue { get; private set; } = Array.Empty<byte>();

    internal byte[] IssuerName { get; private set; } = Array.Empty<byte>();

    internal string IssuerDescription { get; private set; } = string.Empty;

    internal byte[]? AuthorityKeyIdentifier { get; private set; }

    /// <summary>Gets why the list cannot be relied on whoever issued it (RFC 5280 5.2, 5.3), or <see langword="null"/>.</summary>
    internal string? Defect { get; private set; }

    /// <summary>Gets the issuingDistributionPoint scope: whether it covers only end-entity or only CA certificates.</summary>
    internal bool OnlyEndEntityCertificates { get; private set; }

    internal bool OnlyCaCertificates { get; private set; }

    /// <summary>Gets the encoded distribution point names of the issuingDistributionPoint, or <see langword="null"/> when it names none.</summary>
    internal List<byte[]>? DistributionPointNames { get; private set; }

    /// <summary>Reads a CRL file, PEM (<c>-----BEGIN X509 CRL-----</c>) or DER, as AD CS and OpenSSL write them.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The list.</returns>
    /// <exception cref="MipSecureException">The file is missing, unreadable or not a CRL (MIPSEC3011, MIPSEC3012).</exception>
    public static CertificateRevocationList Load(string path)
    {
        if (path is null)
        {
            throw new ArgumentNullException(nameof(path));
        }

        byte[] data;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new MipSecureException(MipSecCodes.RevocationListFileNotFound,
                    $"Cannot read revocation list '{path}': " + (Directory.Exists(path) ? "it is a folder, not a file." : $"the file does not exist (looked for '{info.FullName}')."),
                    "Check the path; copy the CRL the CA publishes (certutil -getcrl, or the .crl file of its distribution point) to this machine.");
            }

            if (info.Length > MaxFileBytes)
            {
                throw NotAList(path, $"the file is {info.Length:N0} bytes, more than the {MaxFileBytes:N0} bytes accepted");
            }

            data = File.ReadAllBytes(info.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new MipSecureException(MipSecCodes.RevocationListFileNotFound, $"Cannot read revocation list '{path}': the file cannot be read ({ex.GetType().Name}).",
                "Check that the file exists, is not locked by another program and that this account may read it.", ex);
        }

        return FromBytes(data, path);
    }

    /// <summary>Decodes a CRL from its PEM or DER bytes.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="source">How messages name it.</param>
    /// <returns>The list.</returns>
    /// <exception cref="MipSecureException">The bytes are not a CRL (MIPSEC3012).</exception>
    public static CertificateRevocationList FromBytes(byte[] data, string source)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        var der = Pem(data, source) ?? data;
        var list = new CertificateRevocationList(source ?? "revocation list", der);
        try
        {
            list.Decode();
        }
        catch (Exception ex) when (ex is AsnContentException or ArgumentException or FormatException or OverflowException or InvalidOperationException)
        {
            throw NotAList(source ?? "revocation list", "it is not a DER or PEM certificate revocation list (" + ex.Message.TrimEnd('.') + ")", ex);
        }

        return list;
    }

    internal bool Revokes(byte[] serialNumber) => _revokedSerials.Contains(Convert.ToBase64String(serialNumber));

    private static MipSecureException NotAList(string source, string reason, Exception? inner = null) =>
        new(MipSecCodes.RevocationListMalformed, $"Cannot read revocation list '{source}': {reason}.",
            "Point to the CRL file itself (.crl, DER or PEM), as the CA publishes it; a certificate or a delta CRL alone is not enough.", inner);

    private static byte[]? Pem(byte[] data, string source)
    {
        var text = Encoding.ASCII.GetString(data, 0, Math.Min(data.Length, 64 * 1024));
        const string BeginMarker = "-----BEGIN X509 CRL-----";
        const string EndMarker = "-----END X509 CRL-----";
        var start = text.IndexOf(BeginMarker, StringComparison.Ordinal);
        if (start < 0)
        {
            return text.IndexOf("-----BEGIN ", StringComparison.Ordinal) >= 0
                ? throw NotAList(source, "it is PEM but holds no X509 CRL block")
                : null;
        }

        var whole = Encoding.ASCII.GetString(data);
        var stop = whole.IndexOf(EndMarker, start, StringComparison.Ordinal);
        if (stop < 0)
        {
            throw NotAList(source, "its PEM block has no END line");
        }

        try
        {
            return Convert.FromBase64String(whole.Substring(start + BeginMarker.Length, stop - start - BeginMarker.Length));
        }
        catch (FormatException ex)
        {
            throw NotAList(source, "its PEM block is not base64", ex);
        }
    }

    private void Decode()
    {
        var outer = new AsnReader(Raw, AsnEncodingRules.DER);
        var list = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        TbsCertList = list.ReadEncodedValue();
        SignatureAlgorithm = AlgorithmIdentifier.Read(list);
        SignatureValue = list.ReadBitString(out _);
        list.ThrowIfNotEmpty();

        var tbs = new AsnReader(TbsCertList, AsnEncodingRules.DER).ReadSequence();
        var version = 1;
        if (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            version = (int)tbs.ReadInteger() + 1;
        }

        if (!AlgorithmIdentifier.Read(tbs).Equals(SignatureAlgorithm))
        {
            Defect ??= "its two signature algorithm fields differ";
        }

        IssuerName = tbs.ReadEncodedValue().ToArray();
        IssuerDescription = DescribeName(IssuerName);
        ThisUpdate = ReadTime(tbs);
        if (tbs.HasData && (tbs.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) || tbs.PeekTag().HasSameClassAndValue(Asn1Tag.GeneralizedTime)))
        {
            NextUpdate = ReadTime(tbs);
        }

        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            var entries = tbs.ReadSequence();
            while (entries.HasData)
            {
                ReadEntry(entries.ReadSequence());
            }
        }

        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var hasCrlNumber = false;
        if (tbs.HasData && tbs.PeekTag().HasSameClassAndValue(extensionsTag))
        {
            var wrapper = tbs.ReadSequence(extensionsTag);
            var extensions = wrapper.ReadSequence();
            wrapper.ThrowIfNotEmpty();
            while (extensions.HasData)
            {
                var (oid, critical, value) = ReadExtension(extensions.ReadSequence());
                switch (oid)
                {
                    case Oids.CrlNumber:
                        hasCrlNumber = true;
                        var number = new AsnReader(value, AsnEncodingRules.DER).ReadInteger();
                        if (critical || number.Sign < 0)
                        {
                            Defect ??= critical ? "its CRL number extension is critical, which RFC 5280 5.2.3 forbids" : "its CRL number is negative";
                        }

                        break;
                    case Oids.AuthorityKeyIdentifier:
                        var aki = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
                        var keyIdTag = new Asn1Tag(TagClass.ContextSpecific, 0);
                        if (aki.HasData && aki.PeekTag().HasSameClassAndValue(keyIdTag))
                        {
                            AuthorityKeyIdentifier = aki.ReadOctetString(keyIdTag);
                        }

                        break;
                    case Oids.IssuingDistributionPoint:
                        ReadIssuingDistributionPoint(value);
                        break;
                    case Oids.DeltaCrlIndicator:
                        Defect ??= "it is a delta CRL, which only updates a base CRL; supply the base CRL";
                        break;
                    default:
                        if (critical)
                        {
                            Defect ??= $"it carries the critical extension {oid}, which MipSecure does not understand";
                        }

                        break;
                }
            }
        }

        tbs.ThrowIfNotEmpty();
        if (version != 2)
        {
            Defect ??= $"it is a version {version} CRL; RFC 5280 requires version 2";
        }
        else if (!hasCrlNumber)
        {
            Defect ??= "it has no CRL number, which RFC 5280 5.2.3 requires";
        }
    }

    private void ReadEntry(AsnReader entry)
    {
        var serial = entry.ReadIntegerBytes().ToArray();
        ReadTime(entry);
        if (entry.HasData)
        {
            var extensions = entry.ReadSequence();
            while (extensions.HasData)
            {
                var (oid, critical, _) = ReadExtension(extensions.ReadSequence());
                if (critical && oid is not (Oids.CrlReason or Oids.InvalidityDate))
                {
                    // certificateIssuer (indirect CRLs) and anything else that changes whose entry this is.
                    Defect ??= $"an entry carries the critical extension {oid}, which MipSecure does not understand";
                }
            }
        }

        entry.ThrowIfNotEmpty();
        _revokedSerials.Add(Convert.ToBase64String(serial));
    }

    // RFC 5280 5.2.5: a scope MipSecure can apply (distribution point names, user or CA certificates only), or a defect.
    private void ReadIssuingDistributionPoint(byte[] value)
    {
        var sequence = new AsnReader(value, AsnEncodingRules.DER).ReadSequence();
        while (sequence.HasData)
        {
            var tag = sequence.PeekTag();
            switch (tag.TagValue)
            {
                case 0:
                    var point = sequence.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                    var nameTag = point.PeekTag();
                    if (nameTag.TagValue == 0)
                    {
                        var fullName = point.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
                        DistributionPointNames = new List<byte[]>();
                        while (fullName.HasData)
                        {
                            DistributionPointNames.Add(fullName.ReadEncodedValue().ToArray());
                        }
                    }
                    else
                    {
                        point.ReadEncodedValue();
                        Defect ??= "its issuing distribution point is a name relative to the issuer, which MipSecure does not match";
                    }

                    break;
                case 1:
                    OnlyEndEntityCertificates = sequence.ReadBoolean(new Asn1Tag(TagClass.ContextSpecific, 1));
                    break;
                case 2:
                    OnlyCaCertificates = sequence.ReadBoolean(new Asn1Tag(TagClass.ContextSpecific, 2));
                    break;
                default:
                    sequence.ReadEncodedValue();
                    Defect ??= "its issuing distribution point limits it to some reasons, to attribute certificates or makes it indirect, which MipSecure does not process";
                    break;
            }
        }
    }

    private static (string Oid, bool Critical, byte[] Value) ReadExtension(AsnReader extension)
    {
        var oid = extension.ReadObjectIdentifier();
        var critical = extension.HasData && extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
        var value = extension.ReadOctetString();
        extension.ThrowIfNotEmpty();
        return (oid, critical, value);
    }

    private static DateTimeOffset ReadTime(AsnReader reader) =>
        reader.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? reader.ReadUtcTime(2049) : reader.ReadGeneralizedTime();

    private static string DescribeName(byte[] name)
    {
        try
        {
            return new System.Security.Cryptography.X509Certificates.X500DistinguishedName(name).Name;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return "(unreadable issuer name)";
        }
    }
}
