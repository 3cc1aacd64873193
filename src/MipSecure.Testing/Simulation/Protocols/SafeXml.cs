using System.IO;
using System.Xml;
using System.Xml.Linq;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>Parses client XML with no DTDs, no external resolution and a size cap: a simulator must survive hostile input too.</summary>
internal static class SafeXml
{
    public const int MaxDocumentCharacters = 64 * 1024;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxDocumentCharacters,
        IgnoreComments = true,
    };

    /// <summary>Parses <paramref name="text"/>, or returns <see langword="null"/> when it is not well-formed XML.</summary>
    public static XDocument? TryParse(string text)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings);
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>The trimmed text of the first descendant named <paramref name="name"/> (any namespace, case-insensitive), or null.</summary>
    public static string? Value(XContainer container, string name)
    {
        foreach (var element in container.Descendants())
        {
            if (string.Equals(element.Name.LocalName, name, System.StringComparison.OrdinalIgnoreCase))
            {
                return element.Value.Trim();
            }
        }

        return null;
    }

    public static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? string.Empty;
}
