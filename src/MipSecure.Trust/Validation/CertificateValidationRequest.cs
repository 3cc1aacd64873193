using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Validation;

/// <summary>What to validate: the certificate a server presented, the intermediates it sent, and the host that was dialled.</summary>
public sealed class CertificateValidationRequest
{
    /// <summary>Creates a request.</summary>
    /// <param name="leaf">The server certificate.</param>
    /// <param name="hostName">The DNS name or IP address that was dialled.</param>
    public CertificateValidationRequest(X509Certificate2 leaf, string hostName)
    {
        Leaf = leaf ?? throw new ArgumentNullException(nameof(leaf));
        HostName = hostName ?? throw new ArgumentNullException(nameof(hostName));
    }

    /// <summary>Gets the server certificate.</summary>
    public X509Certificate2 Leaf { get; }

    /// <summary>Gets the DNS name or IP address that was dialled. Empty skips the host-name check (certificate-only checks).</summary>
    public string HostName { get; }

    /// <summary>Gets the intermediates the server sent (or a chain file held), in any order.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<X509Certificate2> Intermediates { get; init; } = Array.Empty<X509Certificate2>();

    /// <summary>Gets how messages name the server, for example "recording server 'Recorder 1'".</summary>
    /// <value>The default value is "server".</value>
    public string ServerDescription { get; init; } = "server";

    /// <summary>Gets the time to validate at; <see langword="null"/> means now, from the options' <see cref="TimeProvider"/>.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>Gets the extended key usages the leaf must allow.</summary>
    /// <value>The default value is serverAuth only.</value>
    public IReadOnlyList<string> RequiredExtendedKeyUsages { get; init; } = new[] { CertificateValidationOptions.ServerAuthenticationOid };

    /// <summary>Gets the longest chain accepted, counting intermediates; <see langword="null"/> uses the options' value.</summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public int? MaxIntermediates { get; init; }
}
