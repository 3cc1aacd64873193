using System;
using System.Globalization;
using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Site;

/// <summary>Entries that contradict each other: one host with different certificates, two servers of one kind with one name.</summary>
internal static class ConsistencyRules
{
    public static void Apply(SiteCheckContext context)
    {
        CheckHostsHaveOneCertificate(context);
        CheckNamesAreUnique(context);
    }

    private static void CheckHostsHaveOneCertificate(SiteCheckContext context)
    {
        var uses = context.Configuration.Servers
            .Where(s => s.Certificate is not null)
            .SelectMany(s => s.Endpoints.Where(e => e.IsHttps).Select(e => (Server: s, Endpoint: e, Identity: CertificateIdentity(context, s))))
            .GroupBy(u => u.Endpoint.Host, StringComparer.OrdinalIgnoreCase);
        foreach (var host in uses)
        {
            var first = host.First();
            var other = host.FirstOrDefault(u => !string.Equals(u.Identity, first.Identity, StringComparison.OrdinalIgnoreCase));
            if (other.Server is null)
            {
                continue;
            }

            context.Report(MipSecCodes.HostWithDifferentCertificates, other.Endpoint.Location, other.Server,
                $"Host {host.Key} is listed for {first.Server.Description} with '{first.Server.Certificate!.Text}' and for {other.Server.Description} with '{other.Server.Certificate!.Text}', which is a different certificate.",
                "Check which certificate the machine actually presents (for example with `mipsecure probe`) and name the same file in both entries, or correct the host name.");
        }
    }

    private static void CheckNamesAreUnique(SiteCheckContext context)
    {
        var groups = context.Configuration.Servers
            .GroupBy(s => (s.Role, Name: s.Name.ToUpperInvariant()))
            .Where(g => g.Count() > 1);
        foreach (var group in groups)
        {
            var first = group.First();
            foreach (var duplicate in group.Skip(1))
            {
                context.Report(MipSecCodes.DuplicateServerName, duplicate.LocationOf("name"), duplicate,
                    $"{Capitalize(duplicate.Description)} has the same name as the {first.Role.DisplayName()} at line {first.Location.Line.ToString(CultureInfo.InvariantCulture)}; findings and reports cannot tell them apart.",
                    "Give each server the name XProtect's Management Client shows for it, or remove the duplicated entry.");
            }
        }
    }

    // The leaf's thumbprint when the certificate could be read; otherwise where it comes from.
    private static string CertificateIdentity(SiteCheckContext context, ServerConfiguration server)
    {
        var resolved = context.Certificates.Resolve(server.Certificate!, server);
        return resolved.IsLoaded ? resolved.Primary!.Thumbprint : server.Certificate!.Identity;
    }

    private static string Capitalize(string text) => char.ToUpperInvariant(text[0]) + text.Substring(1);
}
