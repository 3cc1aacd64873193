using System;
using System.Formats.Asn1;

namespace MipSecure.Trust.Certificates;

internal enum DerShapeKind
{
    Other,
    Certificate,
    Pkcs12,
    Truncated,
}

/// <summary>Tells a DER certificate from a PFX from a truncated file by its outer ASN.1 structure, before any crypto API sees it.</summary>
internal static class DerShape
{
    private const byte SequenceTag = 0x30;

    public static DerShapeKind Classify(byte[] data)
    {
        if (data.Length < 2 || data[0] != SequenceTag)
        {
            return DerShapeKind.Other;
        }

        if (AnnouncesMoreThanItHolds(data))
        {
            return DerShapeKind.Truncated;
        }

        try
        {
            var outer = new AsnReader(data, AsnEncodingRules.BER);
            var sequence = outer.ReadSequence();
            if (outer.HasData)
            {
                // Bytes after the structure: not something a certificate tool wrote.
                return DerShapeKind.Other;
            }

            var first = sequence.PeekTag();
            if (first.TagClass == TagClass.Universal && first.TagValue == (int)UniversalTagNumber.Sequence)
            {
                return DerShapeKind.Certificate;
            }

            if (first.TagClass == TagClass.Universal && first.TagValue == (int)UniversalTagNumber.Integer)
            {
                return DerShapeKind.Pkcs12;
            }

            return DerShapeKind.Other;
        }
        catch (AsnContentException)
        {
            return DerShapeKind.Other;
        }
    }

    // A definite length larger than the bytes present means the file was cut short.
    private static bool AnnouncesMoreThanItHolds(byte[] data)
    {
        var lengthByte = data[1];
        if (lengthByte < 0x80)
        {
            return 2 + lengthByte > data.Length;
        }

        var lengthOctets = lengthByte & 0x7F;
        if (lengthOctets == 0 || lengthOctets > 4 || data.Length < 2 + lengthOctets)
        {
            return lengthOctets is > 0 and <= 4;
        }

        long length = 0;
        for (var i = 0; i < lengthOctets; i++)
        {
            length = (length << 8) | data[2 + i];
        }

        return 2 + lengthOctets + length > data.Length;
    }

}
