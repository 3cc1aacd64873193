using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace MipSecure.Trust.Diagnostics;

/// <summary>
/// Every code MipSecure can report. Ranges: 1xxx certificate findings, 2xxx site and encryption
/// configuration, 3xxx unreadable input, 4xxx connection and probe, 5xxx code and build configuration.
/// A code is never renumbered; a code that is no longer used is retired, not reused.
/// </summary>
public static partial class MipSecCodes
{
    private static readonly Lazy<SortedDictionary<string, MipSecCode>> ById = new(CollectAll);

    /// <summary>Gets every code, ordered by its identifier.</summary>
    public static IReadOnlyCollection<MipSecCode> All => ById.Value.Values;

    /// <summary>Looks up a code by its identifier, for example <c>MIPSEC1001</c>.</summary>
    /// <param name="id">The identifier.</param>
    /// <param name="code">The code, when it exists.</param>
    /// <returns><see langword="true"/> when the code exists.</returns>
    public static bool TryGet(string id, out MipSecCode code)
    {
        if (id is not null && ById.Value.TryGetValue(id, out var found))
        {
            code = found;
            return true;
        }

        code = null!;
        return false;
    }

    private static SortedDictionary<string, MipSecCode> CollectAll()
    {
        // Codes are declared as static fields across the partial files of this class.
        var codes = typeof(MipSecCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.FieldType == typeof(MipSecCode))
            .Select(field => (MipSecCode)field.GetValue(null)!)
            .OrderBy(code => code.Id, StringComparer.Ordinal);
        var result = new SortedDictionary<string, MipSecCode>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            result.Add(code.Id, code);
        }

        return result;
    }
}
