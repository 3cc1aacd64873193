using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Cli.Pki;

/// <summary>The DNS names and IP addresses a server certificate is issued for, read so that a renewal keeps them.</summary>
internal sealed record ServerNames(IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> IPAddresses)
{
    public static ServerNames Of(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return new ServerNames(new[] { certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false) }, new List<IPAddress>());
        }

        return new ServerNames(extension.EnumerateDnsNames().ToList(), extension.EnumerateIPAddresses().ToList());
    }
}
