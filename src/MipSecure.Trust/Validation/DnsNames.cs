using System;

namespace MipSecure.Trust.Validation;

/// <summary>DNS name syntax (RFC 1034 preferred name syntax, as RFC 5280 4.2.1.6 requires) and subtree comparison.</summary>
internal static class DnsNames
{
    private const int MaxLength = 253;

    /// <summary>Gets whether <paramref name="name"/> is a host name, optionally with a wildcard as its whole left-most label.</summary>
    public static bool IsValidPresentedName(string name, bool allowWildcard)
    {
        if (allowWildcard && name.StartsWith("*.", StringComparison.Ordinal))
        {
            // A wildcard needs at least two labels after it: "*.com" would cover a whole top-level domain.
            var rest = name.Substring(2);
            return IsValidHostName(rest) && rest.IndexOf('.') > 0;
        }

        return IsValidHostName(name);
    }

    /// <summary>Gets whether <paramref name="name"/> is a plain host name: letters, digits and hyphens in dot-separated labels.</summary>
    public static bool IsValidHostName(string name)
    {
        if (name.Length == 0 || name.Length > MaxLength)
        {
            return false;
        }

        var labelLength = 0;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '.')
            {
                if (labelLength == 0 || name[i - 1] == '-')
                {
                    return false;
                }

                labelLength = 0;
                continue;
            }

            var allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '-' && labelLength > 0);
            if (!allowed || ++labelLength > 63)
            {
                return false;
            }
        }

        return labelLength > 0 && name[name.Length - 1] != '-';
    }

    /// <summary>Gets whether <paramref name="name"/> equals <paramref name="subtree"/> or lies below it (RFC 5280 4.2.1.10).</summary>
    public static bool IsWithin(string name, string subtree)
    {
        if (subtree.Length == 0)
        {
            return true;
        }

        if (name.Length == subtree.Length)
        {
            return string.Equals(name, subtree, StringComparison.OrdinalIgnoreCase);
        }

        return name.Length > subtree.Length
            && name[name.Length - subtree.Length - 1] == '.'
            && name.EndsWith(subtree, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Gets whether the wildcard pattern <paramref name="pattern"/> ("*.example.com") matches <paramref name="host"/>.</summary>
    public static bool WildcardMatches(string pattern, string host)
    {
        var suffix = pattern.Substring(1);
        var firstDot = host.IndexOf('.');
        return firstDot > 0
            && host.Length - firstDot == suffix.Length
            && string.Compare(host, firstDot, suffix, 0, suffix.Length, StringComparison.OrdinalIgnoreCase) == 0;
    }
}
