using System.Collections.Generic;
using System.Linq;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli.Watch;

/// <summary>Turns a probe of one address into what the watcher keeps of it.</summary>
internal static class ProbeObservations
{
    public static ServerObservation From(ProbeResult probe, IEnumerable<TrustFinding>? more = null, bool? loginAccepted = null) =>
        new(
            probe.Endpoint.Name,
            probe.Endpoint.Role,
            probe.Endpoint.Uri,
            probe.Endpoint.Encryption == EndpointEncryption.On,
            probe.SpeaksTls,
            probe.Report?.IsTrusted,
            probe.Report?.EarliestExpiry,
            loginAccepted,
            probe.Findings.Concat(more ?? Enumerable.Empty<TrustFinding>()).ToList());
}
