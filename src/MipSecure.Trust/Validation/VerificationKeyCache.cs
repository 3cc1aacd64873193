using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Imported CA public keys, reused across validations. Importing a key into the platform's crypto library costs several times
/// more than the signature check itself, and the same few CA keys verify every server certificate of a site. Keys are public,
/// so sharing them process-wide exposes nothing. The cache is bounded: when full it starts over.
/// </summary>
internal static class VerificationKeyCache
{
    private const int Capacity = 256;
    private static readonly ConcurrentDictionary<byte[], AsymmetricAlgorithm> Keys = new(ByteSequenceComparer.Instance);

    /// <summary>Returns the imported key for <paramref name="identity"/> (the key's algorithm and bytes), importing it once.</summary>
    public static T GetOrImport<T>(byte[] identity, Func<T> import)
        where T : AsymmetricAlgorithm
    {
        if (Keys.TryGetValue(identity, out var cached) && cached is T key)
        {
            return key;
        }

        if (Keys.Count >= Capacity)
        {
            // Dropped keys are not disposed: another thread may be verifying with one; the finalizer releases it.
            Keys.Clear();
        }

        return (T)Keys.GetOrAdd(identity, _ => import());
    }

    /// <summary>Builds the cache key: a tag for the algorithm (and curve), then the key bytes.</summary>
    public static byte[] Identity(string algorithm, byte[] keyBytes)
    {
        var identity = new byte[algorithm.Length + 1 + keyBytes.Length];
        for (var i = 0; i < algorithm.Length; i++)
        {
            identity[i] = (byte)algorithm[i];
        }

        identity[algorithm.Length] = 0;
        Buffer.BlockCopy(keyBytes, 0, identity, algorithm.Length + 1, keyBytes.Length);
        return identity;
    }

    private sealed class ByteSequenceComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteSequenceComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] bytes)
        {
            // The key's last bytes (end of the modulus or curve point) are as random as its whole.
            var hash = bytes.Length;
            for (var i = Math.Max(0, bytes.Length - 16); i < bytes.Length; i++)
            {
                hash = (hash * 31) + bytes[i];
            }

            return hash;
        }
    }
}
