using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Trust;
using MipSecure.Trust.Configuration;

namespace MipSecure.Cli.Probing;

/// <summary>An address to probe, with the server of the site file it belongs to (none for a URI given on the command line).</summary>
internal sealed record ProbeTarget(XProtectEndpoint Endpoint, ServerConfiguration? Server);

/// <summary>
/// Builds what <c>probe</c> and <c>watch</c> dial, one way for both: the addresses clients dial of every server of a
/// mipsecure.json (<see cref="ServerConfiguration.DialledEndpoints"/>), the URIs given with their <c>--role</c>, the
/// <c>--resolve</c> entries and the per-target limits.
/// </summary>
internal static class ProbeTargets
{
    /// <summary>Every address clients dial of each server of the site, in the file's order.</summary>
    public static IReadOnlyList<ProbeTarget> FromSite(SiteConfiguration site) =>
        site.Servers.SelectMany(server => XProtectEndpoint.DialledBy(server).Select(endpoint => new ProbeTarget(endpoint, server))).ToList();

    /// <summary>The URIs given on the command line (already checked to be absolute http or https), each of <paramref name="role"/>.</summary>
    public static IReadOnlyList<ProbeTarget> FromUris(IEnumerable<string>? uris, ServerRole role) =>
        (uris ?? Array.Empty<string>()).Select(uri => new ProbeTarget(new XProtectEndpoint(new Uri(uri), role), null)).ToList();

    /// <summary>The <c>--resolve HOST=ADDRESS[:PORT]</c> entries (already checked by <c>CommonOptions.ValidateResolve</c>).</summary>
    public static AddressOverrides Overrides(IEnumerable<string>? resolve) =>
        new((resolve ?? Array.Empty<string>()).Select(entry =>
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            return new KeyValuePair<string, string>(entry.Substring(0, equals), entry.Substring(equals + 1));
        }));

    /// <summary>The time each target may take and how many are probed at once, from <c>--timeout</c> and <c>--concurrency</c>.</summary>
    public static ProbeSettings Settings(double timeoutSeconds, int concurrency) =>
        new() { Timeout = TimeSpan.FromSeconds(timeoutSeconds), MaxConcurrency = concurrency };
}
