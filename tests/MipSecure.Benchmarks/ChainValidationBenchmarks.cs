using System;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using MipSecure.Testing.Certificates;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;

namespace MipSecure.Benchmarks;

/// <summary>
/// Validating a 3-certificate chain (leaf, issuing CA, root) plus the host name. The baseline is what .NET offers
/// out of the box: X509Chain.Build with CustomRootTrust and MatchesHostname.
/// </summary>
[MemoryDiagnoser]
public class ChainValidationBenchmarks
{
    private const string Host = "rec1.contoso.local";
    private TestCertificateAuthority _root = null!;
    private TestCertificateAuthority _issuing = null!;
    private X509Certificate2 _leaf = null!;
    private CertificateValidator _validator = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = TestCertificateAuthority.CreateRoot("Bench Root CA");
        _issuing = _root.CreateIntermediate("Bench Issuing CA");
        _leaf = _issuing.IssueServerCertificate(Host);
        _validator = new CertificateValidator(new TrustAnchorSet(new[] { _root.Certificate }));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _issuing.Dispose();
        _root.Dispose();
    }

    [Benchmark(Baseline = true, Description = "X509Chain.Build + MatchesHostname")]
    public bool PlatformChain()
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_root.Certificate);
        chain.ChainPolicy.ExtraStore.Add(_issuing.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        return chain.Build(_leaf) && _leaf.MatchesHostname(Host);
    }

    [Benchmark(Description = "MipSecure validator, uncached")]
    public bool MipSecureUncached() => _validator.Validate(_leaf, new[] { _issuing.Certificate }, Host).IsTrusted;
}
