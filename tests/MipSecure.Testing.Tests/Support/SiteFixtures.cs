using MipSecure.Pki;
using Microsoft.Extensions.Time.Testing;

namespace MipSecure.Testing.Tests.Support;

/// <summary>A fake clock and a CA on it, for tests that move time (token expiry, live frame pacing, dripping bytes).</summary>
internal sealed class FakeClockSite : IDisposable
{
    public FakeClockSite()
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        Authority = CertificateAuthority.CreateRoot("Fake Clock Test CA", Clock);
    }

    public FakeTimeProvider Clock { get; }

    public CertificateAuthority Authority { get; }

    public void Dispose() => Authority.Dispose();
}
