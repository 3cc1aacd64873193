using System;
using System.Collections.Generic;
using System.IO;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Security.Authentication;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tls;
using MipSecure.Trust.Validation;

namespace MipSecure.Connections;

/// <summary>The outcome of one TLS handshake attempt, with the evidence needed to name its failure.</summary>
internal sealed class TlsHandshakeResult
{
    /// <summary>Gets whether the server asked for a client certificate during the handshake.</summary>
    public bool ClientCertificateRequested { get; init; }

    public TlsHandshakeResult(SslStream? stream, TrustReport? report, ServerGreeting greeting, Exception? failure)
    {
        Stream = stream;
        Report = report;
        Greeting = greeting;
        Failure = failure;
    }

    /// <summary>Gets the authenticated stream, when the handshake succeeded and the certificate is trusted.</summary>
    public SslStream? Stream { get; }

    /// <summary>Gets the certificate report, when the server presented a certificate.</summary>
    public TrustReport? Report { get; }

    /// <summary>Gets what the server sent first.</summary>
    public ServerGreeting Greeting { get; }

    /// <summary>Gets the exception that ended a failed handshake.</summary>
    public Exception? Failure { get; }

    /// <summary>Gets the certificates the server presented, leaf first, whatever the verdict on them; empty when it presented none.</summary>
    public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> PresentedCertificates { get; init; } =
        Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>();

    /// <summary>Gets whether the client sent its hello; it sends none when it cannot offer the versions asked for.</summary>
    public bool ClientSentHello { get; init; } = true;

    /// <summary>Gets the description of the alert the server answered with, when its first record was one (70 is protocol_version).</summary>
    public int? AlertDescription { get; init; }

    /// <summary>Gets the version the server's ServerHello named (0x0301 TLS 1.0 ... 0x0303 TLS 1.2, which TLS 1.3 also names).</summary>
    public int? ServerHelloVersion { get; init; }

    /// <summary>Gets whether the server spoke TLS, whatever the verdict on its certificate.</summary>
    public bool ServerSpokeTls => Report is not null || Greeting is ServerGreeting.Tls or ServerGreeting.TlsAlert;
}

/// <summary>Runs a client TLS handshake whose certificate verdict comes from the <see cref="ICertificateValidator"/> alone.</summary>
internal static class TlsHandshake
{
    /// <param name="network">The connected stream.</param>
    /// <param name="endpoint">The server; its host is the SNI name and the name the certificate is checked against.</param>
    /// <param name="validator">Judges the certificate.</param>
    /// <param name="versions">The TLS versions to offer; <see cref="SslProtocols.None"/> lets the operating system choose.</param>
    /// <param name="cancellationToken">Ends the handshake.</param>
    public static async Task<TlsHandshakeResult> RunAsync(
        Stream network, XProtectEndpoint endpoint, ICertificateValidator validator, SslProtocols versions, CancellationToken cancellationToken)
    {
        var observer = new HandshakeObservingStream(network);
        TrustReport? report = null;
        var clientCertificateRequested = false;
        var presented = new List<System.Security.Cryptography.X509Certificates.X509Certificate2>();
        RemoteCertificateValidationCallback callback = (_, certificate, chain, _) =>
        {
            // Kept so that an audit can record what the server presented, trusted or not.
            if (certificate is not null && presented.Count == 0)
            {
                presented.Add(new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate));
                if (chain is not null)
                {
                    foreach (var extra in chain.ChainPolicy.ExtraStore)
                    {
                        presented.Add(new System.Security.Cryptography.X509Certificates.X509Certificate2(extra));
                    }
                }
            }

            report = TlsCertificateValidation.Validate(validator, endpoint.Host, endpoint.Description, certificate, chain);
            return report.IsTrusted;
        };

        // Called when the server sends a CertificateRequest; the prober has no client certificate to give, so it only notes it.
        LocalCertificateSelectionCallback selection = (_, _, _, remoteCertificate, acceptableIssuers) =>
        {
            clientCertificateRequested |= remoteCertificate is not null || acceptableIssuers.Length > 0;
            return null!;
        };

        var ssl = new SslStream(observer, leaveInnerStreamOpen: false, callback, selection);
        try
        {
#if NET
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.Host,
                RemoteCertificateValidationCallback = callback,
                LocalCertificateSelectionCallback = selection,
                CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
                EnabledSslProtocols = versions,
            };
            await ssl.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
#else
            // netstandard2.0 has no cancellable handshake: closing the stream ends it.
            using (cancellationToken.Register(static state => ((SslStream)state!).Dispose(), ssl))
            {
                await ssl.AuthenticateAsClientAsync(endpoint.Host, null, versions, checkCertificateRevocation: false).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
#endif
            return Result(ssl, null);
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            ssl.Dispose();
            if (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException("The TLS handshake was cancelled.", ex, cancellationToken);
            }

            return Result(null, ex);
        }
        catch
        {
            ssl.Dispose();
            throw;
        }

        TlsHandshakeResult Result(SslStream? stream, Exception? failure) => new(stream, report, observer.Greeting, failure)
        {
            PresentedCertificates = presented,
            ClientCertificateRequested = clientCertificateRequested,
            ClientSentHello = observer.Wrote,
            AlertDescription = observer.AlertDescription,
            ServerHelloVersion = observer.ServerHelloVersion,
        };
    }
}
