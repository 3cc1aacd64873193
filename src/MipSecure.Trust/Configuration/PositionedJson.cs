using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace MipSecure.Trust.Configuration;

/// <summary>The JSON value kinds the site configuration reader distinguishes.</summary>
internal enum JsonNodeKind
{
    Object,
    Array,
    String,
    Number,
    Boolean,
    Null,
}

/// <summary>A JSON value with the line and column it starts at. JsonDocument forgets positions; findings need them.</summary>
internal sealed class PositionedJsonNode
{
    public PositionedJsonNode(JsonNodeKind kind, SourceLocation location)
    {
        Kind = kind;
        Location = location;
    }

    public JsonNodeKind Kind { get; }

    public SourceLocation Location { get; }

    /// <summary>Gets the string value, the raw number text, or "true"/"false".</summary>
    public string? Text { get; set; }

    public List<PositionedJsonProperty> Properties { get; } = new();

    public List<PositionedJsonNode> Items { get; } = new();

    public static string KindText(JsonNodeKind kind) => kind switch
    {
        JsonNodeKind.Object => "an object",
        JsonNodeKind.Array => "an array",
        JsonNodeKind.String => "a string",
        JsonNodeKind.Number => "a number",
        JsonNodeKind.Boolean => "true or false",
        _ => "null",
    };
}

/// <summary>A property of a JSON object, located at its name.</summary>
internal sealed record PositionedJsonProperty(string Name, SourceLocation Location, PositionedJsonNode Value);

/// <summary>The JSON text is not valid; the position is 1-based.</summary>
internal sealed class PositionedJsonException : Exception
{
    public PositionedJsonException(string message, SourceLocation location, bool isEmpty, Exception? inner)
        : base(message, inner)
    {
        Location = location;
        IsEmpty = isEmpty;
    }

    public SourceLocation Location { get; }

    /// <summary>Gets whether the text held no JSON value at all (empty, white space or comments only).</summary>
    public bool IsEmpty { get; }
}

/// <summary>
/// Reads UTF-8 JSON (comments and trailing commas allowed, as in jsonc) into <see cref="PositionedJsonNode"/>s
/// with Utf8JsonReader, mapping byte offsets to 1-based lines and character columns.
/// </summary>
internal sealed class PositionedJsonParser
{
    private static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 64,
    };

    private readonly byte[] _utf8;
    private readonly int _start;
    private readonly string? _filePath;
    private readonly List<int> _lineStarts = new();

    private PositionedJsonParser(byte[] utf8, int start, string? filePath)
    {
        _utf8 = utf8;
        _start = start;
        _filePath = filePath;
        _lineStarts.Add(start);
        for (var i = start; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>Parses <paramref name="utf8"/> from <paramref name="start"/> (past a byte order mark).</summary>
    /// <exception cref="PositionedJsonException">The text is empty or not valid JSON.</exception>
    public static PositionedJsonNode Parse(byte[] utf8, int start, string? filePath) => new PositionedJsonParser(utf8, start, filePath).Parse();

    private PositionedJsonNode Parse()
    {
        var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(_utf8, _start, _utf8.Length - _start), ReaderOptions);
        var sawToken = false;
        try
        {
            if (!reader.Read())
            {
                throw Empty();
            }

            sawToken = true;
            var root = ReadValue(ref reader);
            if (reader.Read())
            {
                throw new PositionedJsonException("More than one JSON value: the file must hold a single object.", LocationAt(reader.TokenStartIndex), isEmpty: false, null);
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0);
            var bytePosition = (int)(ex.BytePositionInLine ?? 0);
            var location = LocationAtLineByte(line, bytePosition);
            if (!sawToken && IsOnlyTrivia())
            {
                throw Empty();
            }

            throw new PositionedJsonException(StripPosition(ex.Message), location, isEmpty: false, ex);
        }
    }

    private PositionedJsonException Empty() =>
        new("The file holds no JSON value.", new SourceLocation(_filePath, 1, 1), isEmpty: true, null);

    private PositionedJsonNode ReadValue(ref Utf8JsonReader reader)
    {
        var location = LocationAt(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var obj = new PositionedJsonNode(JsonNodeKind.Object, location);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var nameLocation = LocationAt(reader.TokenStartIndex);
                    var name = StringAt(ref reader);
                    reader.Read();
                    obj.Properties.Add(new PositionedJsonProperty(name, nameLocation, ReadValue(ref reader)));
                }

                return obj;
            case JsonTokenType.StartArray:
                var array = new PositionedJsonNode(JsonNodeKind.Array, location);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    array.Items.Add(ReadValue(ref reader));
                }

                return array;
            case JsonTokenType.String:
                return new PositionedJsonNode(JsonNodeKind.String, location) { Text = StringAt(ref reader) };
            case JsonTokenType.Number:
                return new PositionedJsonNode(JsonNodeKind.Number, location) { Text = Encoding.UTF8.GetString(reader.ValueSpan.ToArray()) };
            case JsonTokenType.True:
                return new PositionedJsonNode(JsonNodeKind.Boolean, location) { Text = "true" };
            case JsonTokenType.False:
                return new PositionedJsonNode(JsonNodeKind.Boolean, location) { Text = "false" };
            default:
                return new PositionedJsonNode(JsonNodeKind.Null, location);
        }
    }

    // The reader checks UTF-8 only when a string is decoded, and then throws InvalidOperationException, not JsonException.
    private string StringAt(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException ex)
        {
            throw new PositionedJsonException(
                "The text is not valid UTF-8; save the file as UTF-8 (with or without a byte order mark).",
                LocationAt(reader.TokenStartIndex), isEmpty: false, ex);
        }
    }

    private SourceLocation LocationAt(long tokenStartIndex)
    {
        var offset = _start + (int)tokenStartIndex;
        var index = _lineStarts.BinarySearch(offset);
        var lineIndex = index >= 0 ? index : ~index - 1;
        return new SourceLocation(_filePath, lineIndex + 1, CharactersBetween(_lineStarts[lineIndex], offset) + 1);
    }

    private SourceLocation LocationAtLineByte(int zeroBasedLine, int bytePositionInLine)
    {
        var lineIndex = Math.Min(Math.Max(zeroBasedLine, 0), _lineStarts.Count - 1);
        var lineStart = _lineStarts[lineIndex];
        var offset = Math.Min(lineStart + Math.Max(bytePositionInLine, 0), _utf8.Length);
        return new SourceLocation(_filePath, lineIndex + 1, CharactersBetween(lineStart, offset) + 1);
    }

    // Columns count characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start a character.
    private int CharactersBetween(int from, int to)
    {
        var count = 0;
        for (var i = from; i < to && i < _utf8.Length; i++)
        {
            if ((_utf8[i] & 0xC0) != 0x80)
            {
                count++;
            }
        }

        return count;
    }

    // White space and comments only: what is left once comments are skipped by a reader that wraps the text in an array.
    private bool IsOnlyTrivia()
    {
        var wrapped = new byte[_utf8.Length - _start + 4];
        wrapped[0] = (byte)'[';
        wrapped[1] = (byte)'\n';
        Array.Copy(_utf8, _start, wrapped, 2, _utf8.Length - _start);
        wrapped[wrapped.Length - 2] = (byte)'\n';
        wrapped[wrapped.Length - 1] = (byte)']';
        try
        {
            var reader = new Utf8JsonReader(wrapped, ReaderOptions);
            reader.Read();
            return reader.Read() && reader.TokenType == JsonTokenType.EndArray;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private const int MaxReasonLength = 200;

    private static string StripPosition(string message)
    {
        // System.Text.Json appends " LineNumber: n | BytePositionInLine: m."; the finding carries its own 1-based position.
        var index = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = index > 0 ? message.Substring(0, index) : message;

        // The parser quotes the offending text, which can run over many lines and hold control characters: keep one short line.
        var line = new StringBuilder(Math.Min(reason.Length, MaxReasonLength + 1));
        foreach (var character in reason)
        {
            if (line.Length == MaxReasonLength)
            {
                line.Append('\u2026');
                break;
            }

            line.Append(char.IsControl(character) ? ' ' : character);
        }

        return line.ToString();
    }
}
