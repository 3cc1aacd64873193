using System;
using System.Collections.Generic;
using MipSecure.Endpoints;

namespace MipSecure.HealthChecks;

/// <summary>What <see cref="MipSecureHealthCheck"/> probes, and how often.</summary>
public sealed class MipSecureHealthCheckOptions
{
    /// <summary>
    /// Gets the server addresses to probe. When empty, the servers of the site file registered with
    /// <c>AddMipSecureFromSiteFile</c> are probed.
    /// </summary>
    public IList<XProtectEndpoint> Endpoints { get; } = new List<XProtectEndpoint>();

    /// <summary>
    /// Gets or sets how long a result is reused before the servers are probed again, so a load balancer that asks every few
    /// seconds does not open a TLS handshake to every server each time.
    /// <value>The default value is 1 minute.</value>
    /// </summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromMinutes(1);
}
