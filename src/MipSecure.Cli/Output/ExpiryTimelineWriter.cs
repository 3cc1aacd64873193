using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using MipSecure.Discovery;

namespace MipSecure.Cli.Output;

/// <summary>
/// When each server stops being trusted unless a certificate is renewed, soonest first. XProtect itself gives no warning.
/// </summary>
internal static class ExpiryTimelineWriter
{
    public static void Write(IEnumerable<ProbeResult> probes, DateTimeOffset now, TextWriter writer)
    {
        var entries = probes
            .Where(p => p.Report?.EarliestExpiry is not null)
            .Select(p => (Server: p.Endpoint.Description, Expiry: p.Report!.EarliestExpiry!.Value))
            .OrderBy(e => e.Expiry.UtcDateTime.Date)
            .ThenBy(e => e.Server, StringComparer.Ordinal)
            .ToList();
        writer.WriteLine();
        writer.WriteLine("Expiry timeline (soonest first):");
        if (entries.Count == 0)
        {
            writer.WriteLine("  no certificate was presented");
            return;
        }

        var width = entries.Max(e => e.Server.Length);
        foreach (var (server, expiry) in entries)
        {
            var when = DaysLeft.Describe(expiry, now);
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {expiry.UtcDateTime:yyyy-MM-dd}  {server.PadRight(width)}  {when}"));
        }
    }
}
