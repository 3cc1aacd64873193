using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Site;

/// <summary>The findings about one server of the site.</summary>
public sealed class ServerReport
{
    internal ServerReport(ServerConfiguration server, IEnumerable<SiteFinding> findings, bool trustChecked)
    {
        TrustChecked = trustChecked;
        Server = server ?? throw new ArgumentNullException(nameof(server));
        Findings = findings.ToList();
    }

    /// <summary>Gets the server.</summary>
    public ServerConfiguration Server { get; }

    /// <summary>Gets the findings: errors first, then warnings, then information; each group by code, then by position in the file.</summary>
    public IReadOnlyList<SiteFinding> Findings { get; }

    /// <summary>Gets whether the server has encryption on, as its addresses say.</summary>
    public bool IsEncrypted => Server.IsEncrypted;

    /// <summary>
    /// Gets whether the server's certificate was read and validated against the CA certificates of at least one party that
    /// verifies it. Without that (no certificate named, encryption off, or no trusted CA certificate could be read) the report
    /// gives no trust verdict on the server, whatever its findings.
    /// </summary>
    public bool TrustChecked { get; }

    /// <summary>Gets whether any finding about the server is an error.</summary>
    public bool HasErrors => Findings.Any(f => f.Severity == FindingSeverity.Error);
}
