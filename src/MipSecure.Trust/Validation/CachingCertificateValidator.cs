using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Remembers the reports of a <see cref="CertificateValidator"/> so that a client reconnecting to the same recording server
/// does not rebuild and re-verify the same chain. A report is keyed by the presented certificates, the host, the required usages
/// and the anchor set, and is kept until the earliest notAfter of its chain or the start of the expiry warning window,
/// whichever comes first, by the validator's clock. Requests with an explicit validation time are never cached. Thread-safe.
/// </summary>
public sealed class CachingCertificateValidator : ICertificateValidator
{
    private readonly CertificateValidator _inner;
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, CacheEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Creates a cache in front of <paramref name="inner"/>.</summary>
    /// <param name="inner">The validator whose reports are cached.</param>
    /// <param name="capacity">The most reports kept; older ones are dropped when it is reached.</param>
    public CachingCertificateValidator(CertificateValidator inner, int capacity = 1024)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (capacity < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The cache must hold at least one report.");
        }

        _capacity = capacity;
    }

    /// <inheritdoc />
    public CertificateValidationOptions Options => _inner.Options;

    /// <summary>Gets how many reports are cached now.</summary>
    public int Count => _entries.Count;

    /// <inheritdoc />
    public TrustReport Validate(CertificateValidationRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (request.ValidationTime is not null)
        {
            return _inner.Validate(request);
        }

        var now = _inner.Options.TimeProvider.GetUtcNow();
        var key = KeyOf(request);
        if (_entries.TryGetValue(key, out var cached))
        {
            if (now < cached.ExpiresAt)
            {
                return cached.Report;
            }

            _entries.TryRemove(key, out _);
        }

        var report = _inner.Validate(request);
        var expiresAt = ExpiryOf(report);
        if (expiresAt > now)
        {
            MakeRoom(now);
            _entries[key] = new CacheEntry(report, expiresAt);
        }

        return report;
    }

    /// <summary>Forgets every cached report, for example after the trusted CA certificates changed.</summary>
    public void Clear() => _entries.Clear();

    // A report stays true until a certificate of its chain expires or enters the warning window (which adds MIPSEC1006).
    private DateTimeOffset ExpiryOf(TrustReport report)
    {
        if (report.EarliestExpiry is not { } earliest || report.Has(MipSecCodes.CertificateNotYetValid))
        {
            return DateTimeOffset.MinValue;
        }

        var warningDays = Math.Max(0, _inner.Options.ExpiryWarningDays);
        return warningDays == 0 ? earliest : earliest - TimeSpan.FromDays(warningDays);
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < _capacity)
        {
            return;
        }

        foreach (var expired in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
        {
            _entries.TryRemove(expired, out _);
        }

        if (_entries.Count >= _capacity)
        {
            _entries.Clear();
        }
    }

    private string KeyOf(CertificateValidationRequest request)
    {
        var text = new StringBuilder()
            .Append(request.HostName).Append('\n')
            .Append(request.ServerDescription).Append('\n')
            .Append(string.Join(",", request.RequiredExtendedKeyUsages)).Append('\n')
            .Append(request.MaxIntermediates?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-").Append('\n')
            .Append(_inner.Anchors.Fingerprint).Append('\n');
        foreach (var certificate in new[] { request.Leaf }.Concat(request.Intermediates))
        {
            text.Append(Convert.ToBase64String(Sha256(certificate.RawData))).Append('\n');
        }

        return Convert.ToBase64String(Sha256(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static byte[] Sha256(byte[] data)
    {
#if NET
        return SHA256.HashData(data);
#else
        using var sha256 = SHA256.Create();
        return sha256.ComputeHash(data);
#endif
    }

    private sealed record CacheEntry(TrustReport Report, DateTimeOffset ExpiresAt);
}
