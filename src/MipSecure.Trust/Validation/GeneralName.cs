using System.Collections.Generic;
using System.Formats.Asn1;

namespace MipSecure.Trust.Validation;

/// <summary>The kinds of GeneralName (RFC 5280 4.2.1.6), numbered as their context tags.</summary>
internal enum GeneralNameKind
{
    OtherName = 0,
    Email = 1,
    Dns = 2,
    X400Address = 3,
    DirectoryName = 4,
    EdiPartyName = 5,
    Uri = 6,
    IPAddress = 7,
    RegisteredId = 8,
}

/// <summary>One GeneralName: text for the string kinds, bytes for IP addresses and directory names.</summary>
internal sealed class GeneralName
{
    private GeneralName(GeneralNameKind kind, string text, byte[] bytes)
    {
        Kind = kind;
        Text = text;
        Bytes = bytes;
    }

    public GeneralNameKind Kind { get; }

    /// <summary>Gets the name of an Email, Dns or Uri name; empty for the others.</summary>
    public string Text { get; }

    /// <summary>Gets the octets of an IP address (or address and mask in a constraint), or the DER Name of a directoryName.</summary>
    public byte[] Bytes { get; }

    /// <summary>Presents a host name taken from elsewhere (the subject common name) as a DNS name, so that it is checked like one.</summary>
    public static GeneralName Dns(string name) => new(GeneralNameKind.Dns, name, System.Array.Empty<byte>());

    public static List<GeneralName> ReadSequence(AsnReader reader)
    {
        var names = new List<GeneralName>();
        var sequence = reader.ReadSequence();
        while (sequence.HasData)
        {
            names.Add(Read(sequence));
        }

        return names;
    }

    public static GeneralName Read(AsnReader reader)
    {
        var tag = reader.PeekTag();
        if (tag.TagClass != TagClass.ContextSpecific || tag.TagValue > 8)
        {
            throw new AsnContentException("Not a GeneralName.");
        }

        var kind = (GeneralNameKind)tag.TagValue;
        switch (kind)
        {
            case GeneralNameKind.Email:
            case GeneralNameKind.Dns:
            case GeneralNameKind.Uri:
                return new GeneralName(kind, reader.ReadCharacterString(UniversalTagNumber.IA5String, new Asn1Tag(TagClass.ContextSpecific, tag.TagValue)), System.Array.Empty<byte>());
            case GeneralNameKind.IPAddress:
                return new GeneralName(kind, string.Empty, reader.ReadOctetString(new Asn1Tag(TagClass.ContextSpecific, 7)));
            case GeneralNameKind.DirectoryName:
                var explicitName = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true));
                var name = explicitName.ReadEncodedValue().ToArray();
                explicitName.ThrowIfNotEmpty();
                return new GeneralName(kind, string.Empty, name);
            default:
                return new GeneralName(kind, string.Empty, reader.ReadEncodedValue().ToArray());
        }
    }

    public override string ToString() => Kind switch
    {
        GeneralNameKind.IPAddress when Bytes.Length is 4 or 16 => new System.Net.IPAddress(Bytes).ToString(),
        GeneralNameKind.Dns or GeneralNameKind.Email or GeneralNameKind.Uri => Text,
        _ => Kind.ToString(),
    };
}
