using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using MipSecure.Trust.Tls;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Tls;

/// <summary>Real TLS handshakes against an SslStream server on 127.0.0.1, judged by the validator alone.</summary>
public sealed class TlsCertificateValidationTests
{
    private const string Host = "rec1.contoso.local";

    [Fact]
    public async Task A_trusted_server_completes_the_handshake_and_its_sent_intermediates_are_used()
    {
        using var pki = new TestPki();
        var certificate = pki.Issuing.IssueServerCertificate(Host);
        var reports = new List<TrustReport>();

        var handshake = await HandshakeAsync(certificate, pki.Issuing.IntermediatesToRoot, pki.Validator(), Host, reports.Add);

        Assert.Null(handshake);
        var report = Assert.Single(reports);
        Assert.True(report.IsTrusted, string.Join("\n", report.Findings));
        Assert.Equal(3, report.Chain.Count);
    }

    [Fact]
    public async Task An_IP_address_only_in_the_common_name_fails_the_handshake_with_MIPSEC1002()
    {
        using var pki = new TestPki();
        var certificate = pki.Issuing.Issue(new CertificateSpec { CommonName = "127.0.0.1" });
        var reports = new List<TrustReport>();

        var handshake = await HandshakeAsync(certificate, pki.Issuing.IntermediatesToRoot, pki.Validator(), "127.0.0.1", reports.Add);

        Assert.IsType<AuthenticationException>(handshake);
        Assert.Equal(MipSecCodes.HostNameMismatch, Assert.Single(reports).FirstError!.Code);
    }

    [Fact]
    public async Task A_server_certificate_from_an_unknown_CA_fails_the_handshake_with_MIPSEC1001()
    {
        using var pki = new TestPki();
        using var other = CertificateAuthority.CreateRoot("Fabrikam Root CA", pki.Clock);
        var certificate = other.IssueServerCertificate(Host);
        var reports = new List<TrustReport>();

        var handshake = await HandshakeAsync(certificate, Array.Empty<X509Certificate2>(), pki.Validator(), Host, reports.Add);

        Assert.IsType<AuthenticationException>(handshake);
        Assert.Equal(MipSecCodes.CertificateUntrusted, Assert.Single(reports).FirstError!.Code);
    }

    [Fact]
    public void No_presented_certificate_is_MIPSEC1019()
    {
        using var pki = new TestPki();

        var report = TlsCertificateValidation.Validate(pki.Validator(), Host, "recording server", null, null);

        Assert.Equal(MipSecCodes.NoCertificatePresented, report.FirstError!.Code);
    }

#if !TRUST_NETSTANDARD
    [Fact]
    public async Task Client_options_carry_the_dialled_host_and_the_validator()
    {
        using var pki = new TestPki();
        var certificate = pki.Issuing.IssueServerCertificate(Host);
        var reports = new List<TrustReport>();
        var options = TlsCertificateValidation.CreateClientOptions(new CachingCertificateValidator(pki.Validator()), Host, "recording server", reports.Add);

        var handshake = await HandshakeAsync(certificate, pki.Issuing.IntermediatesToRoot, options);

        Assert.Null(handshake);
        Assert.Equal(Host, options.TargetHost);
        Assert.True(Assert.Single(reports).IsTrusted);
    }
#endif

    private static Task<Exception?> HandshakeAsync(
        X509Certificate2 serverCertificate, IReadOnlyList<X509Certificate2> intermediates, CertificateValidator validator, string host, Action<TrustReport> onReport) =>
        HandshakeAsync(serverCertificate, intermediates, new SslClientAuthenticationOptions
        {
            TargetHost = host,
            RemoteCertificateValidationCallback = TlsCertificateValidation.CreateCallback(validator, host, "recording server", onReport),
        });

    // Runs one handshake against a loopback server and returns the client's exception, or null when it succeeded.
    private static async Task<Exception?> HandshakeAsync(X509Certificate2 serverCertificate, IReadOnlyList<X509Certificate2> intermediates, SslClientAuthenticationOptions clientOptions)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serverTask = ServeOnceAsync(listener, serverCertificate, intermediates, timeout.Token);
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            using var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
            Exception? failure = null;
            try
            {
                await tls.AuthenticateAsClientAsync(clientOptions, timeout.Token);
            }
            catch (AuthenticationException ex)
            {
                failure = ex;
            }

            client.Close();
            await serverTask;
            return failure;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task ServeOnceAsync(TcpListener listener, X509Certificate2 certificate, IReadOnlyList<X509Certificate2> intermediates, CancellationToken cancellationToken)
    {
        using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
        using var tls = new SslStream(connection.GetStream());
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(intermediates.ToArray()), offline: true),
        };
        try
        {
            await tls.AuthenticateAsServerAsync(options, cancellationToken);
        }
        catch (Exception ex) when (ex is AuthenticationException or System.IO.IOException)
        {
            // The client rejected the certificate: that is the point of the rejecting tests.
        }
    }
}
