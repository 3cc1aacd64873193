using System;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Pki;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Tests.TestSupport;

/// <summary>A root and an issuing CA on a fake clock, shared by the validator tests.</summary>
internal sealed class TestPki : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    public TestPki()
    {
        Clock = new FakeTimeProvider(Epoch);
        Root = CertificateAuthority.CreateRoot("Contoso Root CA", Clock);
        Issuing = Root.CreateIntermediate("Contoso Issuing CA");
    }

    public FakeTimeProvider Clock { get; }

    public CertificateAuthority Root { get; }

    public CertificateAuthority Issuing { get; }

    public CertificateValidator Validator(params X509Certificate2[] anchors) =>
        new(new TrustAnchorSet(anchors.Length == 0 ? new[] { Root.Certificate } : anchors), new CertificateValidationOptions { TimeProvider = Clock });

    public TrustReport Validate(X509Certificate2 leaf, string host, params X509Certificate2[] anchors) =>
        Validator(anchors).Validate(leaf, Issuing.IntermediatesToRoot, host);

    public void Dispose()
    {
        Issuing.Dispose();
        Root.Dispose();
    }
}
