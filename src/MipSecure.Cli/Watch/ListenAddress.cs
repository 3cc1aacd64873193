using System;
using System.Globalization;
using System.Net;

namespace MipSecure.Cli.Watch;

/// <summary>Where the watcher serves HTTP: <c>127.0.0.1:9464</c>, <c>[::1]:9464</c>, <c>localhost:9464</c> or <c>0.0.0.0:9464</c> (every interface).</summary>
internal sealed record ListenAddress(string Host, int Port)
{
    public static readonly ListenAddress Default = new("127.0.0.1", 9464);

    /// <summary>Gets the host as an HttpListener prefix spells it: <c>+</c> for every interface.</summary>
    public string PrefixHost => Host is "0.0.0.0" or "*" or "+" or "::" ? "+" : Host.Contains(':') ? "[" + Host + "]" : Host;

    /// <summary>Gets the base address a client uses, for messages and tests.</summary>
    public Uri BaseUri => new("http://" + (PrefixHost == "+" ? "127.0.0.1" : PrefixHost) + ":" + Port.ToString(CultureInfo.InvariantCulture) + "/");

    public string Prefix(string path) => "http://" + PrefixHost + ":" + Port.ToString(CultureInfo.InvariantCulture) + "/" + path.Trim('/') + "/";

    public static bool TryParse(string text, out ListenAddress address)
    {
        address = Default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text.Substring(0, colon);
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host.Substring(1, host.Length - 2);
            if (!IPAddress.TryParse(host, out _))
            {
                return false;
            }
        }
        else if (host.Contains(':') || (!IPAddress.TryParse(host, out _) && Uri.CheckHostName(host) != UriHostNameType.Dns && host != "*"))
        {
            return false;
        }

        address = new ListenAddress(host, port);
        return true;
    }

    public override string ToString() => (Host.Contains(':') ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}
