using System;
using System.Text;

namespace MipSecure.Robustness.Tests;

/// <summary>
/// A seeded mutator for mipsecure.json: truncation, bit flips, deep nesting, huge numbers, wrong types, long strings,
/// control characters and lone surrogates in text, and invalid UTF-8 in bytes. The same seed always gives the same documents.
/// </summary>
internal sealed class JsonMutator
{
    private static readonly string[] HugeNumbers =
    {
        "1e999999", "-1e999999", "99999999999999999999999999999999999999", "-2147483649", "2147483648", "1.7976931348623157e309",
        "0.0000000000000000000000000000000000000000000001", "NaN", "Infinity", "-0", "1e-999999", "0x7FFFFFFF",
    };

    private static readonly string[] Replacements =
    {
        "null", "true", "[]", "{}", "\"\"", "[[[[[]]]]]", "\"https://\"", "\"http://rec1.contoso.local:7563/\"", "\"\\u0000\"",
        "\"../../../../etc/passwd\"", "\"cert:/LocalMachine/My/ABCDEF\"", "\"\\uD800\"", "{\"name\":1}",
    };

    private readonly Random _random;

    public JsonMutator(int seed) => _random = new Random(seed);

    public string MutateText(string seed)
    {
        var text = new StringBuilder(seed);
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            switch (_random.Next(9))
            {
                case 0:
                    text.Length = _random.Next(text.Length + 1);
                    break;
                case 1:
                    FlipCharacterBits(text);
                    break;
                case 2:
                    DeepNesting(text);
                    break;
                case 3:
                    ReplaceValue(text, HugeNumbers[_random.Next(HugeNumbers.Length)]);
                    break;
                case 4:
                    ReplaceValue(text, Replacements[_random.Next(Replacements.Length)]);
                    break;
                case 5:
                    InsertAt(text, "\"\u0000\uFFFF\uD800\uDFFF\u0007");
                    break;
                case 6:
                    ReplaceValue(text, "\"" + new string((char)('a' + _random.Next(26)), _random.Next(1_000, 200_000)) + "\"");
                    break;
                case 7:
                    Duplicate(text);
                    break;
                default:
                    Delete(text);
                    break;
            }
        }

        return text.ToString();
    }

    /// <summary>Encodes a mutated document as UTF-8 and then breaks the encoding itself.</summary>
    public byte[] MutateBytes(string seed)
    {
        var bytes = Encoding.UTF8.GetBytes(MutateText(seed));
        if (bytes.Length == 0)
        {
            return new byte[] { 0xC3 };
        }

        var damage = 1 + _random.Next(4);
        for (var i = 0; i < damage; i++)
        {
            var at = _random.Next(bytes.Length);
            bytes[at] = _random.Next(5) switch
            {
                0 => 0xFF,
                1 => 0xC0,
                2 => 0xED,
                3 => (byte)(0x80 + _random.Next(0x40)),
                _ => (byte)(bytes[at] ^ (1 << _random.Next(8))),
            };
        }

        return bytes;
    }

    private void FlipCharacterBits(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var at = _random.Next(text.Length);
        text[at] = (char)(text[at] ^ (1 << _random.Next(16)));
    }

    private void DeepNesting(StringBuilder text)
    {
        var depth = _random.Next(1, 20_000);
        var open = _random.Next(2) == 0 ? "[" : "{\"a\":";
        var nested = new StringBuilder(depth * open.Length + depth);
        for (var i = 0; i < depth; i++)
        {
            nested.Append(open);
        }

        nested.Append('1');
        for (var i = 0; i < depth; i++)
        {
            nested.Append(open == "[" ? ']' : '}');
        }

        ReplaceValue(text, nested.ToString());
    }

    // Replaces the value after a random colon (up to the next comma or closing bracket) with the given JSON text.
    private void ReplaceValue(StringBuilder text, string value)
    {
        var colons = 0;
        for (var i = 0; i < text.Length; i++)
        {
            colons += text[i] == ':' ? 1 : 0;
        }

        if (colons == 0)
        {
            InsertAt(text, value);
            return;
        }

        var target = _random.Next(colons);
        var start = -1;
        for (var i = 0; i < text.Length && start < 0; i++)
        {
            if (text[i] == ':' && target-- == 0)
            {
                start = i + 1;
            }
        }

        var end = start;
        var inString = false;
        while (end < text.Length && (inString || (text[end] != ',' && text[end] != '}' && text[end] != ']')))
        {
            inString ^= text[end] == '"';
            end++;
        }

        text.Remove(start, end - start).Insert(start, value);
    }

    private void InsertAt(StringBuilder text, string value) => text.Insert(_random.Next(text.Length + 1), value);

    private void Duplicate(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var start = _random.Next(text.Length);
        var length = _random.Next(Math.Min(200, text.Length - start) + 1);
        InsertAt(text, text.ToString(start, length));
    }

    private void Delete(StringBuilder text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var start = _random.Next(text.Length);
        text.Remove(start, _random.Next(Math.Min(32, text.Length - start) + 1));
    }
}
