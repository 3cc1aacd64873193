using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading;
using MipSecure.Pki;

namespace MipSecure.Testing.Simulation;

/// <summary>What every server and protocol of one running site shares.</summary>
internal sealed class SiteRuntime : IDisposable
{
    // One RSA key pair serves every simulated server certificate in the process: each certificate still has its own
    // names, validity and thumbprint, and a start costs signatures instead of key generations.
    private static readonly Lazy<RSA> SharedServerKey = new(() => RSA.Create(2048));

    // Signing and loading a certificate still costs tens of milliseconds on a busy machine: sites that share a CA share
    // the certificates it issued, which live as long as the CA.
    private static readonly ConditionalWeakTable<CertificateAuthority, CertificateCache> CertificateCaches = new();

    private readonly CancellationTokenSource _stopping = new();
    private readonly CertificateCache _certificates;
    private readonly List<SimulatedLogin> _logins = new();
    private int _loginRequests;

    public SiteRuntime(CertificateAuthority authority, TimeProvider timeProvider, SimulatedCredentials credentials, TimeSpan liveFrameInterval, TimeSpan accessTokenLifetime, TimeSpan vmsTokenLifetime)
    {
        Authority = authority;
        TimeProvider = timeProvider;
        Credentials = credentials;
        LiveFrameInterval = liveFrameInterval;
        Tokens = new SimulatedTokenService(timeProvider, accessTokenLifetime, vmsTokenLifetime);
        _certificates = CertificateCaches.GetValue(authority, ca => new CertificateCache(ca));
    }

    public CertificateAuthority Authority { get; }

    public TimeProvider TimeProvider { get; }

    public SimulatedCredentials Credentials { get; }

    /// <summary>Gets the Windows user the identity provider's Windows grant accepts; <see langword="null"/> for none.</summary>
    public SimulatedWindowsUser? WindowsUser { get; init; }

    public TimeSpan LiveFrameInterval { get; }

    public SimulatedTokenService Tokens { get; }

    /// <summary>Gets whether the management server has <c>/api/rest/v1/registeredServices</c> (2024 R2 and later).</summary>
    public bool RegisteredServicesAvailable { get; init; } = true;

    public CancellationToken Stopping => _stopping.Token;

    public IReadOnlyList<SimulatedServer> Servers { get; set; } = Array.Empty<SimulatedServer>();

    /// <summary>Starts generating the shared server key in the background, so it overlaps the CA's own key generation.</summary>
    public static void PrepareServerKey() => ThreadPool.QueueUserWorkItem(_ => _ = SharedServerKey.Value);

    /// <summary>Issues, once per CA, the certificate a profile gives these host names.</summary>
    public IssuedServerCertificate IssueCertificate(CertificateProfile profile, IReadOnlyList<string> hostNames) =>
        _certificates.Get(profile, hostNames, TimeProvider);

    /// <summary>Gets every ServerCommandService Login answered, oldest first.</summary>
    public IReadOnlyList<SimulatedLogin> Logins
    {
        get
        {
            lock (_logins)
            {
                return _logins.ToArray();
            }
        }
    }

    /// <summary>Gets how many ServerCommandService Login requests reached the management server, answered or refused.</summary>
    public int LoginRequests => Volatile.Read(ref _loginRequests);

    public void CountLoginRequest() => Interlocked.Increment(ref _loginRequests);

    public void RecordLogin(SimulatedLogin login)
    {
        lock (_logins)
        {
            _logins.Add(login);
        }
    }

    public void Stop() => _stopping.Cancel();

    public void Dispose()
    {
        _stopping.Dispose();
        if (WindowsUser is not null)
        {
            Negotiate.NtlmUserFile.Remove(WindowsUser);
        }
    }

    private sealed class CertificateCache
    {
        private readonly object _issueGate = new();
        private readonly CertificateAuthority _trusted;
        private readonly Lazy<CertificateAuthority> _untrusted;
        private readonly ConcurrentDictionary<string, Lazy<IssuedServerCertificate>> _issued = new(StringComparer.OrdinalIgnoreCase);

        public CertificateCache(CertificateAuthority trusted)
        {
            _trusted = trusted;
            _untrusted = new Lazy<CertificateAuthority>(() => CertificateAuthority.CreateRoot("MipSecure Untrusted Test CA"));
        }

        public IssuedServerCertificate Get(CertificateProfile profile, IReadOnlyList<string> hostNames, TimeProvider timeProvider)
        {
            var key = profile + "|" + string.Join(",", hostNames);
            return _issued.GetOrAdd(key, _ => new Lazy<IssuedServerCertificate>(() =>
            {
                var untrusted = profile == CertificateProfile.UntrustedCa ? _untrusted.Value : null;

                // A CA records what it issues in a plain list: one issuance at a time.
                lock (_issueGate)
                {
                    return CertificateProfiles.Issue(_trusted, untrusted, profile, hostNames.ToArray(), timeProvider, SharedServerKey.Value);
                }
            })).Value;
        }
    }
}
