using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using MipSecure.Testing.Certificates;

namespace MipSecure.Testing.Simulation;

/// <summary>What every server and protocol of one running site shares.</summary>
internal sealed class SiteRuntime : IDisposable
{
    // One RSA key pair serves every simulated server certificate in the process: each certificate still has its own
    // names, validity and thumbprint, and a start costs signatures instead of key generations.
    private static readonly Lazy<RSA> s_serverKey = new(() => RSA.Create(2048));

    // The CA that issues the UntrustedCa profile, one per trusted CA, created when a site first needs it.
    private static readonly ConditionalWeakTable<TestCertificateAuthority, Lazy<TestCertificateAuthority>> s_untrustedAuthorities = new();

    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<string, Lazy<IssuedServerCertificate>> _certificates = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _issueGate = new();

    public SiteRuntime(TestCertificateAuthority authority, TimeProvider timeProvider, SimulatedCredentials credentials, TimeSpan liveFrameInterval)
    {
        Authority = authority;
        TimeProvider = timeProvider;
        Credentials = credentials;
        LiveFrameInterval = liveFrameInterval;
        Tokens = new SimulatedTokenService(timeProvider);
    }

    public TestCertificateAuthority Authority { get; }

    public TimeProvider TimeProvider { get; }

    public SimulatedCredentials Credentials { get; }

    public TimeSpan LiveFrameInterval { get; }

    public SimulatedTokenService Tokens { get; }

    public CancellationToken Stopping => _stopping.Token;

    public IReadOnlyList<SimulatedServer> Servers { get; set; } = Array.Empty<SimulatedServer>();

    /// <summary>Starts generating the shared server key in the background, so it overlaps the CA's own key generation.</summary>
    public static void PrepareServerKey() => ThreadPool.QueueUserWorkItem(_ => _ = s_serverKey.Value);

    /// <summary>Issues (once per site) the certificate a profile gives these host names; the site owns it and disposes it.</summary>
    public IssuedServerCertificate IssueCertificate(CertificateProfile profile, IReadOnlyList<string> hostNames)
    {
        var key = profile + "|" + string.Join(",", hostNames);
        return _certificates.GetOrAdd(key, _ => new Lazy<IssuedServerCertificate>(() =>
        {
            var untrusted = profile == CertificateProfile.UntrustedCa
                ? s_untrustedAuthorities.GetValue(Authority, _ => new Lazy<TestCertificateAuthority>(() => TestCertificateAuthority.CreateRoot("MipSecure Untrusted Test CA"))).Value
                : null;

            // A CA records what it issues in a plain list: one issuance at a time.
            lock (_issueGate)
            {
                return CertificateProfiles.Issue(Authority, untrusted, profile, hostNames.ToArray(), TimeProvider, s_serverKey.Value);
            }
        })).Value;
    }

    public void Stop() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        foreach (var issued in _certificates.Values.Where(l => l.IsValueCreated))
        {
            issued.Value.Certificate.Dispose();
        }
    }
}
