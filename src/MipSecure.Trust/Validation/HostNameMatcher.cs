using System;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;

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
    public static HostNameMatch Match(X509Certificate2 certificate, string hostName)
    {
        var host = Normalize(hostName);
        var sans = SubjectAlternativeNames.Read(certificate);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address) && LooksLikeIPLiteral(host))
        {
            return sans.IPAddresses.Any(a => a.Equals(address)) ? HostNameMatch.SubjectAlternativeName : HostNameMatch.NoMatch;
        }

        if (sans.HasDnsOrIP)
        {
            return sans.DnsNames.Any(pattern => MatchesDnsPattern(pattern, host)) ? HostNameMatch.SubjectAlternativeName : HostNameMatch.NoMatch;
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (!string.IsNullOrEmpty(commonName) && !IPAddress.TryParse(commonName, out _) && MatchesDnsPattern(commonName, host))
        {
            return HostNameMatch.CommonNameOnly;
        }

        return HostNameMatch.NoMatch;
    }

    internal static bool MatchesDnsPattern(string pattern, string host)
    {
        var normalizedPattern = Normalize(pattern);
        if (normalizedPattern.Length == 0 || host.Length == 0)
        {
            return false;
        }

        if (!normalizedPattern.StartsWith("*.", StringComparison.Ordinal))
        {
            return normalizedPattern.IndexOf('*') < 0 && string.Equals(normalizedPattern, host, StringComparison.OrdinalIgnoreCase);
        }

        // A wildcard stands for exactly one whole label, never for part of one, and needs two labels after it.
        var suffix = normalizedPattern.Substring(1);
        if (suffix.IndexOf('*') >= 0 || suffix.Count(c => c == '.') < 2)
        {
            return false;
        }

        var firstDot = host.IndexOf('.');
        return firstDot > 0 && string.Equals(host.Substring(firstDot), suffix, StringComparison.OrdinalIgnoreCase);
    }

    private static string Normalize(string name) => name.Trim().TrimEnd('.').ToLowerInvariant();

    private static bool LooksLikeIPLiteral(string host) =>
        host.IndexOf(':') >= 0 || host.All(c => char.IsDigit(c) || c == '.');
}
