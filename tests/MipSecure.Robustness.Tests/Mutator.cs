using System;
using System.Collections.Generic;
using System.Text;

namespace MipSecure.Robustness.Tests;

/// <summary>
/// A seeded mutator for loader fuzzing: truncation, bit flips, byte insertions, ASN.1 length-field corruption,
/// huge declared lengths and deep nesting. The same seed always gives the same inputs, so a failure reproduces.
/// </summary>
internal sealed class Mutator
{
    private readonly Random _random;

    public Mutator(int seed) => _random = new Random(seed);

    public byte[] Mutate(byte[] seed)
    {
        var data = (byte[])seed.Clone();
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds && data.Length > 0; i++)
        {
            data = _random.Next(7) switch
            {
                0 => Truncate(data),
                1 => FlipBits(data),
                2 => CorruptLength(data),
                3 => HugeLength(data),
                4 => Insert(data),
                5 => DeepNesting(),
                _ => Splice(data),
            };
        }

        return data;
    }

    public string MutateText(string seed)
    {
        var text = new StringBuilder(seed);
        switch (_random.Next(5))
        {
            case 0:
                text.Length = _random.Next(text.Length + 1);
                break;
            case 1:
                text[_random.Next(text.Length)] = (char)_random.Next(32, 127);
                break;
            case 2:
                text.Insert(_random.Next(text.Length), new string('[', _random.Next(1, 2000)));
                break;
            case 3:
                text.Insert(_random.Next(text.Length), "\"\u0000\uFFFF\uD800");
                break;
            default:
                text.Remove(_random.Next(text.Length), Math.Min(16, text.Length / 4 + 1) is var n && n > 0 ? Math.Min(n, text.Length - 1) : 0);
                break;
        }

        return text.ToString();
    }

    private byte[] Truncate(byte[] data) => data.AsSpan(0, _random.Next(data.Length)).ToArray();

    private byte[] FlipBits(byte[] data)
    {
        var flips = 1 + _random.Next(8);
        for (var i = 0; i < flips; i++)
        {
            data[_random.Next(data.Length)] ^= (byte)(1 << _random.Next(8));
        }

        return data;
    }

    // Finds a plausible ASN.1 header (a constructed tag followed by a long-form length) and rewrites its length.
    private byte[] CorruptLength(byte[] data)
    {
        var candidates = new List<int>();
        for (var i = 0; i + 1 < data.Length; i++)
        {
            if ((data[i] == 0x30 || data[i] == 0x31 || data[i] == 0x04 || data[i] == 0xA0) && data[i + 1] >= 0x81 && data[i + 1] <= 0x84)
            {
                candidates.Add(i + 1);
            }
        }

        if (candidates.Count == 0)
        {
            return FlipBits(data);
        }

        var at = candidates[_random.Next(candidates.Count)];
        var octets = data[at] & 0x7F;
        for (var j = 1; j <= octets && at + j < data.Length; j++)
        {
            data[at + j] = (byte)_random.Next(256);
        }

        return data;
    }

    private static byte[] HugeLength(byte[] data)
    {
        if (data.Length < 6)
        {
            return data;
        }

        // 0x84 announces a four-byte length: claim close to 4 GiB.
        data[1] = 0x84;
        data[2] = 0xFF;
        data[3] = 0xFF;
        data[4] = 0xFF;
        data[5] = 0xF0;
        return data;
    }

    private byte[] Insert(byte[] data)
    {
        var at = _random.Next(data.Length);
        var extra = new byte[1 + _random.Next(64)];
        _random.NextBytes(extra);
        var result = new byte[data.Length + extra.Length];
        data.AsSpan(0, at).CopyTo(result);
        extra.CopyTo(result.AsSpan(at));
        data.AsSpan(at).CopyTo(result.AsSpan(at + extra.Length));
        return result;
    }

    private byte[] Splice(byte[] data)
    {
        var start = _random.Next(data.Length);
        var length = _random.Next(data.Length - start);
        var result = new byte[data.Length + length];
        data.AsSpan(0, start + length).CopyTo(result);
        data.AsSpan(start).CopyTo(result.AsSpan(start + length));
        return result;
    }

    // SEQUENCE inside SEQUENCE, thousands deep, with indefinite lengths: a classic parser stack bomb.
    private byte[] DeepNesting()
    {
        var depth = 1000 + _random.Next(9000);
        var result = new byte[depth * 2 + depth * 2];
        for (var i = 0; i < depth; i++)
        {
            result[i * 2] = 0x30;
            result[i * 2 + 1] = 0x80;
        }

        return result;
    }
}
