using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Endpoints;

/// <summary>
/// Maps host names to addresses without DNS, like curl's <c>--resolve</c>: for NAT, public access and tests.
/// The certificate is still checked against the host name, never against the address.
/// </summary>
/// <remarks>
/// A key is a host (<c>rec1.contoso.local</c>) or a host and port (<c>rec1.contoso.local:7563</c>); the more specific key wins.
/// A value is an address (<c>10.0.0.5</c>, <c>[::1]</c>) or an address and port (<c>127.0.0.1:50123</c>), which replaces the dialled port.
/// </remarks>
public sealed class AddressOverrides
{
    private readonly Dictionary<string, OverrideTarget> _targets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates overrides from host-to-address pairs.</summary>
    /// <param name="entries">The pairs, for example <c>rec1.contoso.local</c> → <c>127.0.0.1:50123</c>.</param>
    /// <exception cref="MipSecureException">MIPSEC4013 when a key or value is malformed.</exception>
    public AddressOverrides(IEnumerable<KeyValuePair<string, string>> entries)
    {
        if (entries is null)
        {
            throw new ArgumentNullException(nameof(entries));
        }

        foreach (var entry in entries)
        {
            if (string.IsNullOrWhiteSpace(entry.Key))
            {
                throw Malformed(entry.Key, entry.Value, "The host name is empty.");
            }

            if (!TryParseTarget(entry.Value, out var address, out var port))
            {
                throw Malformed(entry.Key, entry.Value, "The value is not an IP address, optionally followed by :port.");
            }

            _targets[entry.Key.Trim()] = new OverrideTarget(address, port);
        }
    }

    /// <summary>Gets overrides that map nothing: every host goes through DNS.</summary>
    public static AddressOverrides None { get; } = new(Array.Empty<KeyValuePair<string, string>>());

    /// <summary>Gets the number of entries.</summary>
    public int Count => _targets.Count;

    /// <summary>Finds the address to dial for <paramref name="host"/> and <paramref name="port"/>.</summary>
    /// <param name="host">The host name from the URI.</param>
    /// <param name="port">The port from the URI.</param>
    /// <param name="endPoint">The address and port to dial instead.</param>
    /// <returns><see langword="true"/> when an override applies.</returns>
    public bool TryResolve(string host, int port, out IPEndPoint endPoint)
    {
        if (host is not null
            && (_targets.TryGetValue(host + ":" + port.ToString(CultureInfo.InvariantCulture), out var target) || _targets.TryGetValue(host, out target)))
        {
            endPoint = new IPEndPoint(target.Address, target.Port ?? port);
            return true;
        }

        endPoint = null!;
        return false;
    }

    /// <summary>Parses an override value: an IP address, optionally followed by <c>:port</c> (IPv6 in brackets).</summary>
    /// <param name="text">The text.</param>
    /// <param name="address">The address.</param>
    /// <param name="port">The port, when given.</param>
    /// <returns><see langword="true"/> when the text is well formed.</returns>
    public static bool TryParseTarget(string? text, out IPAddress address, out int? port)
    {
        address = IPAddress.None;
        port = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var value = text!.Trim();
        if (IPAddress.TryParse(value, out var bare) && !value.StartsWith("[", StringComparison.Ordinal))
        {
            address = bare;
            return true;
        }

        var colon = value.LastIndexOf(':');
        if (colon <= 0)
        {
            return false;
        }

        var host = value.Substring(0, colon).Trim('[', ']');
        if (!IPAddress.TryParse(host, out var parsed)
            || !int.TryParse(value.Substring(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort)
            || parsedPort < 1 || parsedPort > 65535)
        {
            return false;
        }

        address = parsed;
        port = parsedPort;
        return true;
    }

    private static MipSecureException Malformed(string? host, string? value, string problem) =>
        new(
            MipSecCodes.InvalidOptions,
            $"The address override '{host}' = '{value}' is malformed. {problem}",
            "Map a host name to an IP address, optionally with a port: \"rec1.contoso.local\": \"10.0.0.5:7563\".");

    private readonly struct OverrideTarget
    {
        public OverrideTarget(IPAddress address, int? port)
        {
            Address = address;
            Port = port;
        }

        public IPAddress Address { get; }

        public int? Port { get; }
    }
}
