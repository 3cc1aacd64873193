using System;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Resilience;
using MipSecure.Trust.Validation;

namespace MipSecure.Benchmarks;

/// <summary>
/// One TLS connection to a simulated recording server, certificate validated, then closed. The baseline is the platform's
/// usual way: SslStream with a RemoteCertificateValidationCallback that builds an X509Chain trusting the site's root.
/// </summary>
[MemoryDiagnoser]
public class TlsConnectBenchmarks
{
    private BenchmarkSite _site = null!;
    private XProtectEndpoint _endpoint = null!;
    private IPEndPoint _address = null!;
    private X509Certificate2 _siteRoot = null!;
    private SecureConnector _connector = null!;

    [GlobalSetup]
    public void Setup()
    {
        _site = BenchmarkSite.StartAsync(1).GetAwaiter().GetResult();
        _endpoint = _site.Endpoints[0];
        _address = _site.Site.ResolveEndPoint(_endpoint.Uri);
        _siteRoot = _site.Site.RootCertificate;
        var options = new MipSecureOptions();
        _connector = new SecureConnector(
            new CertificateValidator(_site.Site.TrustAnchors), new ConnectionResilience(options, TimeProvider.System), _site.Overrides);
    }

    [GlobalCleanup]
    public void Cleanup() => _site.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, Description = "SslStream + X509Chain callback")]
    public async Task<bool> PlatformSslStream()
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(_address.Address, _address.Port);
        await using var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, ValidateWithSiteRoot);
        await ssl.AuthenticateAsClientAsync(_endpoint.Host);
        return ssl.IsAuthenticated;
    }

    [Benchmark(Description = "SecureConnector.ConnectOnceAsync")]
    public async Task<bool> MipSecureConnect()
    {
        await using var stream = await _connector.ConnectOnceAsync(_endpoint);
        return stream is SslStream { IsAuthenticated: true };
    }

    private bool ValidateWithSiteRoot(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_siteRoot);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }
}
