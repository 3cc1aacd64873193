using System;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;
using MipSecure.Pki;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;

namespace MipSecure.Benchmarks;

/// <summary>
/// Validating a 3-certificate chain (leaf, issuing CA, root) plus the host name. The baseline is what .NET offers
/// out of the box: X509Chain.Build with CustomRootTrust and MatchesHostname. MemoryDiagnoser gives the allocations
/// per validation (benchmark 5).
/// </summary>
[MemoryDiagnoser]
public class ChainValidationBenchmarks
{
    private const string Host = "rec1.contoso.local";
    private CertificateAuthority _root = null!;
    private CertificateAuthority _issuing = null!;
    private X509Certificate2 _leaf = null!;
    private X509Certificate2[] _intermediates = null!;
    private CertificateValidator _validator = null!;
    private CachingCertificateValidator _cachingValidator = null!;
    private CertificateValidationRequest _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        _root = CertificateAuthority.CreateRoot("Bench Root CA");
        _issuing = _root.CreateIntermediate("Bench Issuing CA");
        _leaf = _issuing.IssueServerCertificate(Host);
        _intermediates = new[] { _issuing.Certificate };
        _validator = new CertificateValidator(new TrustAnchorSet(new[] { _root.Certificate }));
        _cachingValidator = new CachingCertificateValidator(_validator);
        _request = new CertificateValidationRequest(_leaf, Host) { Intermediates = _intermediates };
        if (!PlatformChain() || !MipSecureUncached() || !MipSecureCached())
        {
            throw new InvalidOperationException("The benchmark chain must validate, or the benchmark measures a failure path.");
        }
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
    public bool MipSecureUncached() => _validator.Validate(_leaf, _intermediates, Host).IsTrusted;

    [Benchmark(Description = "MipSecure validator, cached")]
    public bool MipSecureCached() => _cachingValidator.Validate(_request).IsTrusted;
}
