using System;
using System.Linq;

namespace MipSecure.Trust.Diagnostics;

/// <summary>
/// A stable diagnostic code (<c>MIPSEC</c> + four digits) with its title, default severity and help page.
/// The same code reaches the user from an exception, a log line, an MSBuild diagnostic or the CLI.
/// </summary>
public sealed class MipSecCode : IEquatable<MipSecCode>
{
    /// <summary>The base address of the per-code help pages.</summary>
    public const string HelpBaseAddress = "https://github.com/mipsecure/mipsecure/blob/main/docs/errors/";

    internal MipSecCode(string id, string title, FindingSeverity defaultSeverity)
    {
        Id = id;
        Title = title;
        DefaultSeverity = defaultSeverity;
        HelpLink = HelpBaseAddress + id + ".md";
        Category = CategoryOf(id);
    }

    /// <summary>Gets the code, for example <c>MIPSEC1001</c>.</summary>
    public string Id { get; }

    /// <summary>Gets a short title that names the problem.</summary>
    public string Title { get; }

    /// <summary>Gets the severity the code has unless a rule says otherwise.</summary>
    public FindingSeverity DefaultSeverity { get; }

    /// <summary>Gets the address of the page that explains the code and how to fix it.</summary>
    public string HelpLink { get; }

    /// <summary>Gets the code's family, given by its range of numbers.</summary>
    public MipSecCodeCategory Category { get; }

    /// <inheritdoc />
    public bool Equals(MipSecCode? other) => other is not null && string.Equals(Id, other.Id, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MipSecCode);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <inheritdoc />
    public override string ToString() => Id;

    // MIPSEC + four digits, the first of which names the family; a code outside every range is a mistake in this assembly.
    private static MipSecCodeCategory CategoryOf(string id)
    {
        if (id is null || id.Length != 10 || !id.StartsWith("MIPSEC", StringComparison.Ordinal) || !id.Substring(6).All(char.IsDigit))
        {
            throw new ArgumentException($"'{id}' is not MIPSEC followed by four digits.", nameof(id));
        }

        var family = (MipSecCodeCategory)(id[6] - '0');
        return family is >= MipSecCodeCategory.Certificate and <= MipSecCodeCategory.BuildConfiguration
            ? family
            : throw new ArgumentException($"'{id}' is outside every range of codes.", nameof(id));
    }
}
