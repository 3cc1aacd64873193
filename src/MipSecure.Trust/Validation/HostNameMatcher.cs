using System;
using System.Globalization;
using System.Linq;
using System.Net;

namespace MipSecure.Trust.Validation;

internal enum HostNameMatch
{
    NoMatch,
    SubjectAlternativeName,
    CommonNameOnly,
}

/// <summary>
/// Host-name matching as RFC 6125 describes it: DNS SANs (a wildcard only as the whole left-most label),
/// IP SANs for IP hosts, case-insensitive; the subject CN only when the certificate has no DNS or IP SAN at all,
/// and never an IP address from the CN.
/// </summary>
internal static class HostNameMatcher
{
    public static HostNameMatch Match(ParsedCertificate certificate, string hostName, bool allowCommonName)
    {
        var sans = certificate.SubjectAlternativeNames ?? new System.Collections.Generic.List<GeneralName>();
        if (TryParseIPAddress(hostName, out var address))
        {
            var bytes = address.GetAddressBytes();
            return sans.Any(n => n.Kind == GeneralNameKind.IPAddress && n.Bytes.AsSpan().SequenceEqual(bytes))
                ? HostNameMatch.SubjectAlternativeName
                : HostNameMatch.NoMatch;
        }

        var host = NormalizeDnsName(hostName);
        if (host is null)
        {
            return HostNameMatch.NoMatch;
        }

        if (sans.Any(n => n.Kind is GeneralNameKind.Dns or GeneralNameKind.IPAddress))
        {
            return sans.Any(n => n.Kind == GeneralNameKind.Dns && MatchesDnsPattern(n.Text, host))
                ? HostNameMatch.SubjectAlternativeName
                : HostNameMatch.NoMatch;
        }

        // RFC 6125 6.4.4: the CN is a last resort; an IP address in the CN is never trusted.
        var commonName = certificate.CommonNames.LastOrDefault();
        if (allowCommonName && commonName is not null && !IPAddress.TryParse(commonName, out _) && MatchesDnsPattern(commonName, host))
        {
            return HostNameMatch.CommonNameOnly;
        }

        return HostNameMatch.NoMatch;
    }

    /// <summary>
    /// Gets the common names a host could be matched through: those that are valid DNS names (not IP addresses), when the
    /// certificate has no DNS or IP SAN. Every one of them, not only the one matched, must then satisfy the DNS name constraints
    /// of the path (RFC 5280 4.2.1.10; CA/Browser Forum BR 7.1.2.5): the certificate's meaning must not depend on the host asked for.
    /// </summary>
    internal static System.Collections.Generic.IReadOnlyList<string> CommonNamesUsableAsHostNames(ParsedCertificate certificate)
    {
        if (certificate.IsUnreadable || (certificate.SubjectAlternativeNames ?? new System.Collections.Generic.List<GeneralName>()).Any(n => n.Kind is GeneralNameKind.Dns or GeneralNameKind.IPAddress))
        {
            return Array.Empty<string>();
        }

        return certificate.CommonNames
            .Where(cn => !IPAddress.TryParse(cn, out _) && DnsNames.IsValidPresentedName(cn, allowWildcard: true))
            .ToList();
    }

    /// <summary>Gets whether a presented name (a DNS SAN, or a CN) matches the reference host, already normalized.</summary>
    internal static bool MatchesDnsPattern(string pattern, string host)
    {
        if (!DnsNames.IsValidPresentedName(pattern, allowWildcard: true))
        {
            return false;
        }

        return pattern.StartsWith("*.", StringComparison.Ordinal)
            ? DnsNames.WildcardMatches(pattern, host)
            : string.Equals(pattern, host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reads an IP literal: dotted-quad IPv4 or IPv6, optionally in brackets.</summary>
    internal static bool TryParseIPAddress(string host, out IPAddress address)
    {
        var literal = host.Trim();
        if (literal.StartsWith("[", StringComparison.Ordinal) && literal.EndsWith("]", StringComparison.Ordinal))
        {
            literal = literal.Substring(1, literal.Length - 2);
        }

        var looksLikeIPv4 = literal.Split('.').Length == 4 && literal.All(c => char.IsDigit(c) || c == '.');
        var looksLikeIPv6 = literal.IndexOf(':') >= 0;
        if ((looksLikeIPv4 || looksLikeIPv6) && IPAddress.TryParse(literal, out var parsed) && parsed is not null)
        {
            address = parsed;
            return true;
        }

        address = IPAddress.None;
        return false;
    }

    /// <summary>Lower-cases, drops a trailing dot, and turns an internationalized name into its ASCII (punycode) form.</summary>
    internal static string? NormalizeDnsName(string hostName)
    {
        var host = hostName.Trim();
        if (host.EndsWith(".", StringComparison.Ordinal))
        {
            host = host.Substring(0, host.Length - 1);
        }

        if (host.Any(c => c > 0x7F))
        {
            try
            {
                host = new IdnMapping().GetAscii(host);
            }
            catch (ArgumentException)
            {
                return null;
            }
        }

        return host.ToLowerInvariant();
    }
}
