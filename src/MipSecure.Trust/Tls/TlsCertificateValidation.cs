using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Tls;

/// <summary>
/// Plugs <see cref="CertificateValidator"/> into .NET's TLS stack. The platform's own verdict is ignored on purpose:
/// on Linux it accepts an IP address found only in the common name, and it knows nothing of the installed XProtect CA.
/// </summary>
public static class TlsCertificateValidation
{
    /// <summary>Creates a callback for <see cref="SslStream"/> that trusts exactly what <paramref name="validator"/> trusts.</summary>
    /// <param name="validator">The validator, with the party's anchors.</param>
    /// <param name="hostName">The host that was dialled (not the address it resolved to).</param>
    /// <param name="serverDescription">How messages name the server, for example "recording server 'Recorder 1'".</param>
    /// <param name="onReport">Receives the report of every validation, trusted or not.</param>
    /// <returns>The callback.</returns>
    public static RemoteCertificateValidationCallback CreateCallback(
        ICertificateValidator validator, string hostName, string serverDescription = "server", Action<TrustReport>? onReport = null)
    {
        if (validator is null)
        {
            throw new ArgumentNullException(nameof(validator));
        }

        if (hostName is null)
        {
            throw new ArgumentNullException(nameof(hostName));
        }

        return (_, certificate, chain, _) =>
        {
            var report = Validate(validator, hostName, serverDescription, certificate, chain);
            onReport?.Invoke(report);
            return report.IsTrusted;
        };
    }

    /// <summary>Validates what a TLS handshake presented.</summary>
    /// <param name="validator">The validator.</param>
    /// <param name="hostName">The host that was dialled.</param>
    /// <param name="serverDescription">How messages name the server.</param>
    /// <param name="certificate">The server certificate, or <see langword="null"/> when none was presented.</param>
    /// <param name="chain">The platform's chain, whose extra store holds the intermediates the server sent.</param>
    /// <returns>The report.</returns>
    public static TrustReport Validate(
        ICertificateValidator validator, string hostName, string serverDescription, X509Certificate? certificate, X509Chain? chain)
    {
        if (validator is null)
        {
            throw new ArgumentNullException(nameof(validator));
        }

        if (certificate is null)
        {
            var now = validator.Options.TimeProvider.GetUtcNow();
            var finding = new TrustFinding(
                MipSecCodes.NoCertificatePresented, FindingSeverity.Error,
                $"The {serverDescription} at {hostName} presented no certificate.",
                "Turn encryption on with Server Configurator and select a server certificate.");
            return new TrustReport(hostName, now, Array.Empty<CertificateSummary>(), new[] { finding });
        }

        var leaf = certificate as X509Certificate2 ?? new X509Certificate2(certificate);
        var request = new CertificateValidationRequest(leaf, hostName)
        {
            Intermediates = PresentedIntermediates(chain, leaf),
            ServerDescription = serverDescription,
        };
        return validator.Validate(request);
    }

#if NET
    /// <summary>
    /// Creates client options for <see cref="SslStream.AuthenticateAsClientAsync(SslClientAuthenticationOptions, System.Threading.CancellationToken)"/>
    /// or <c>SocketsHttpHandler.SslOptions</c>: the target host is the host that was dialled (for SNI), and the certificate is judged
    /// by <paramref name="validator"/> alone.
    /// </summary>
    /// <param name="validator">The validator, with the party's anchors.</param>
    /// <param name="hostName">The host that was dialled (not the address it resolved to).</param>
    /// <param name="serverDescription">How messages name the server, for example "recording server 'Recorder 1'".</param>
    /// <param name="onReport">Receives the report of every validation, trusted or not.</param>
    /// <returns>The options.</returns>
    public static SslClientAuthenticationOptions CreateClientOptions(
        ICertificateValidator validator, string hostName, string serverDescription = "server", Action<TrustReport>? onReport = null)
    {
        return new SslClientAuthenticationOptions
        {
            TargetHost = hostName,
            RemoteCertificateValidationCallback = CreateCallback(validator, hostName, serverDescription, onReport),

            // The validator never fetches revocation data on its own; the platform must not either, behind its back.
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }
#endif

    private static IReadOnlyList<X509Certificate2> PresentedIntermediates(X509Chain? chain, X509Certificate2 leaf)
    {
        if (chain is null)
        {
            return Array.Empty<X509Certificate2>();
        }

        // The extra store holds what the server sent; the chain elements add what the platform found.
        // Extra candidates are harmless: only a path that ends at one of our anchors is trusted.
        return chain.ChainPolicy.ExtraStore.Cast<X509Certificate2>()
            .Concat(chain.ChainElements.Cast<X509ChainElement>().Select(e => e.Certificate))
            .Where(c => !c.RawData.AsSpan().SequenceEqual(leaf.RawData))
            .GroupBy(c => c.Thumbprint, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.First())
            .ToList();
    }
}
