using System;
using System.Collections.Generic;
using System.IO;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// Encodes small grayscale baseline JPEG frames for the simulated recording servers. Each 8x8 block has one flat shade
/// (DC coefficient only, quantizer 1), which keeps the encoder tiny while producing files any JPEG decoder reads.
/// </summary>
internal static class TestJpegEncoder
{
    // The standard luminance DC Huffman table (ITU T.81, table K.3): code-length counts and symbols (categories 0-11).
    private static readonly byte[] DcCodeLengthCounts = { 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0 };
    private static readonly byte[] DcSymbols = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 };

    // An AC table with the end-of-block symbol only, coded as the single bit 0: every block has no AC coefficient.
    private static readonly byte[] AcCodeLengthCounts = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    private static readonly byte[] AcSymbols = { 0x00 };

    private static readonly (ushort Code, int Length)[] DcCodes = BuildCodes(DcCodeLengthCounts, DcSymbols, 12);

    /// <summary>Encodes a frame whose blocks show a diagonal gradient and, along the top row, the bits of <paramref name="frameNumber"/>.</summary>
    /// <param name="frameNumber">The number drawn into the frame, so consecutive frames differ.</param>
    /// <param name="widthInBlocks">The width in 8-pixel blocks.</param>
    /// <param name="heightInBlocks">The height in 8-pixel blocks.</param>
    /// <returns>The JPEG file bytes, from FF D8 to FF D9.</returns>
    public static byte[] EncodeFrame(long frameNumber, int widthInBlocks = 8, int heightInBlocks = 6)
    {
        if (widthInBlocks is < 1 or > 512 || heightInBlocks is < 1 or > 512)
        {
            throw new ArgumentOutOfRangeException(nameof(widthInBlocks), "A frame is 1 to 512 blocks wide and high.");
        }

        var shades = new byte[widthInBlocks * heightInBlocks];
        for (var y = 0; y < heightInBlocks; y++)
        {
            for (var x = 0; x < widthInBlocks; x++)
            {
                shades[(y * widthInBlocks) + x] = y == 0
                    ? (byte)(((frameNumber >> (x % 64)) & 1) == 1 ? 235 : 16)
                    : (byte)(32 + ((x + y) * 192 / (widthInBlocks + heightInBlocks)));
            }
        }

        return Encode(shades, widthInBlocks, heightInBlocks);
    }

    /// <summary>Encodes an image made of flat 8x8 blocks.</summary>
    /// <param name="blockShades">One gray level per block, row by row.</param>
    /// <param name="widthInBlocks">The width in blocks.</param>
    /// <param name="heightInBlocks">The height in blocks.</param>
    /// <returns>The JPEG file bytes.</returns>
    public static byte[] Encode(IReadOnlyList<byte> blockShades, int widthInBlocks, int heightInBlocks)
    {
        if (blockShades is null)
        {
            throw new ArgumentNullException(nameof(blockShades));
        }

        if (blockShades.Count != widthInBlocks * heightInBlocks)
        {
            throw new ArgumentException("There must be one shade per block.", nameof(blockShades));
        }

        using var output = new MemoryStream();
        WriteMarker(output, 0xD8);
        WriteSegment(output, 0xE0, new byte[] { (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0 });
        var quantization = new byte[65];
        quantization.AsSpan(1).Fill(1);
        WriteSegment(output, 0xDB, quantization);
        var width = widthInBlocks * 8;
        var height = heightInBlocks * 8;
        WriteSegment(output, 0xC0, new byte[] { 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0 });
        WriteSegment(output, 0xC4, HuffmanTable(0x00, DcCodeLengthCounts, DcSymbols));
        WriteSegment(output, 0xC4, HuffmanTable(0x10, AcCodeLengthCounts, AcSymbols));
        WriteSegment(output, 0xDA, new byte[] { 1, 1, 0x00, 0, 63, 0 });

        var bits = new BitWriter(output);
        var previousDc = 0;
        foreach (var shade in blockShades)
        {
            // The DC coefficient of a flat block is 8 times its level shift; with quantizer 1 it is stored as is.
            var dc = 8 * (shade - 128);
            var difference = dc - previousDc;
            previousDc = dc;
            var category = Category(difference);
            bits.Write(DcCodes[category].Code, DcCodes[category].Length);
            if (category > 0)
            {
                var magnitude = difference >= 0 ? difference : difference + (1 << category) - 1;
                bits.Write((ushort)magnitude, category);
            }

            bits.Write(0, 1);
        }

        bits.Flush();
        WriteMarker(output, 0xD9);
        return output.ToArray();
    }

    private static int Category(int value)
    {
        var magnitude = Math.Abs(value);
        var category = 0;
        while (magnitude > 0)
        {
            category++;
            magnitude >>= 1;
        }

        return category;
    }

    private static (ushort Code, int Length)[] BuildCodes(byte[] counts, byte[] symbols, int symbolSpace)
    {
        var codes = new (ushort, int)[symbolSpace];
        var code = 0;
        var index = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < counts[length - 1]; i++)
            {
                codes[symbols[index++]] = ((ushort)code, length);
                code++;
            }

            code <<= 1;
        }

        return codes;
    }

    private static byte[] HuffmanTable(byte classAndId, byte[] counts, byte[] symbols)
    {
        var table = new byte[1 + counts.Length + symbols.Length];
        table[0] = classAndId;
        counts.CopyTo(table, 1);
        symbols.CopyTo(table, 1 + counts.Length);
        return table;
    }

    private static void WriteMarker(Stream output, byte marker)
    {
        output.WriteByte(0xFF);
        output.WriteByte(marker);
    }

    private static void WriteSegment(Stream output, byte marker, byte[] payload)
    {
        WriteMarker(output, marker);
        var length = payload.Length + 2;
        output.WriteByte((byte)(length >> 8));
        output.WriteByte((byte)length);
        output.Write(payload, 0, payload.Length);
    }

    private sealed class BitWriter
    {
        private readonly Stream _output;
        private int _buffer;
        private int _count;

        public BitWriter(Stream output)
        {
            _output = output;
        }

        public void Write(ushort value, int length)
        {
            for (var bit = length - 1; bit >= 0; bit--)
            {
                _buffer = (_buffer << 1) | ((value >> bit) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        // The last byte is padded with 1 bits, as T.81 requires.
        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1);
            }
        }

        private void Emit()
        {
            _output.WriteByte((byte)_buffer);
            if (_buffer == 0xFF)
            {
                _output.WriteByte(0x00);
            }

            _buffer = 0;
            _count = 0;
        }
    }
}
