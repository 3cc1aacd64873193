using System;
using System.Formats.Asn1;
using System.Security.Cryptography;

namespace MipSecure.Trust.Validation;

/// <summary>The verdict on a public key or a signature algorithm.</summary>
internal enum AlgorithmVerdict
{
    Acceptable,
    Weak,
    Unsupported,
    Malformed,
}

/// <summary>
/// Judges public keys and signature algorithms, and verifies a certificate's signature with its issuer's key.
/// Only RSA (PKCS#1 v1.5 and PSS) and ECDSA on P-256, P-384 and P-521 with SHA-2 are accepted.
/// </summary>
internal static class SignatureVerifier
{
    /// <summary>Judges the public key of <paramref name="certificate"/>.</summary>
    public static (AlgorithmVerdict Verdict, string Description) JudgeKey(ParsedCertificate certificate, int minimumRsaBits)
    {
        switch (certificate.PublicKeyAlgorithm.Oid)
        {
            case Oids.RsaEncryption:
                var rsa = ReadRsaKey(certificate.PublicKey);
                if (rsa is null)
                {
                    return (AlgorithmVerdict.Malformed, "an unreadable RSA key");
                }

                var bits = BitLength(rsa.Value.Modulus!);
                var description = $"a {bits}-bit RSA key";
                return bits < minimumRsaBits || bits % 8 != 0 ? (AlgorithmVerdict.Weak, description) : (AlgorithmVerdict.Acceptable, description);
            case Oids.EcPublicKey:
                var curve = NamedCurve(certificate.PublicKeyAlgorithm.Parameters);
                return curve switch
                {
                    Oids.P256 => (AlgorithmVerdict.Acceptable, "a P-256 key"),
                    Oids.P384 => (AlgorithmVerdict.Acceptable, "a P-384 key"),
                    Oids.P521 => (AlgorithmVerdict.Acceptable, "a P-521 key"),
                    null => (AlgorithmVerdict.Weak, "an elliptic-curve key with explicit curve parameters"),
                    _ => (AlgorithmVerdict.Weak, $"an elliptic-curve key on the curve {curve}"),
                };
            case Oids.Dsa:
                return (AlgorithmVerdict.Weak, "a DSA key");
            case Oids.Ed25519:
            case Oids.Ed448:
                return (AlgorithmVerdict.Unsupported, "an EdDSA key");
            default:
                return (AlgorithmVerdict.Unsupported, $"a key of the unsupported type {certificate.PublicKeyAlgorithm.Oid}");
        }
    }

    /// <summary>Judges the algorithm <paramref name="certificate"/> is signed with.</summary>
    public static (AlgorithmVerdict Verdict, string Description) JudgeSignatureAlgorithm(ParsedCertificate certificate) =>
        JudgeAlgorithm(certificate.SignatureAlgorithm);

    /// <summary>Judges a signature algorithm (of a certificate or a revocation list).</summary>
    public static (AlgorithmVerdict Verdict, string Description) JudgeAlgorithm(AlgorithmIdentifier algorithm)
    {
        return algorithm.Oid switch
        {
            Oids.Sha256WithRsa or Oids.Sha384WithRsa or Oids.Sha512WithRsa => (AlgorithmVerdict.Acceptable, "RSA with SHA-2"),
            Oids.EcdsaWithSha256 or Oids.EcdsaWithSha384 or Oids.EcdsaWithSha512 => (AlgorithmVerdict.Acceptable, "ECDSA with SHA-2"),
            Oids.RsaPss => ReadPssHash(algorithm.Parameters) is null
                ? (AlgorithmVerdict.Unsupported, "RSA-PSS with unsupported parameters")
                : (AlgorithmVerdict.Acceptable, "RSA-PSS"),
            Oids.Sha1WithRsa or Oids.EcdsaWithSha1 => (AlgorithmVerdict.Weak, "SHA-1"),
            Oids.Md5WithRsa => (AlgorithmVerdict.Weak, "MD5"),
            Oids.Sha224WithRsa or Oids.EcdsaWithSha224 => (AlgorithmVerdict.Weak, "SHA-224"),
            Oids.Ed25519 or Oids.Ed448 => (AlgorithmVerdict.Unsupported, "EdDSA"),
            _ => (AlgorithmVerdict.Unsupported, $"the unsupported algorithm {algorithm.Oid}"),
        };
    }

    /// <summary>
    /// Verifies that <paramref name="issuer"/>'s key signed <paramref name="subject"/>. Weak hashes (SHA-1, MD5, SHA-224) are verified
    /// too, so that a genuine signature with one is reported for its algorithm (MIPSEC1010) and not as a forgery (MIPSEC1015);
    /// <see cref="JudgeSignatureAlgorithm"/> still refuses them.
    /// </summary>
    public static bool Verify(ParsedCertificate subject, ParsedCertificate issuer) =>
        Verify(subject.TbsCertificate, subject.SignatureAlgorithm, subject.SignatureValue, issuer);

    /// <summary>Verifies that <paramref name="issuer"/>'s key signed <paramref name="signed"/> (a TBSCertificate or TBSCertList).</summary>
    public static bool Verify(ReadOnlyMemory<byte> signed, AlgorithmIdentifier algorithm, byte[] signature, ParsedCertificate issuer)
    {
        try
        {
            var data = signed.ToArray();
            switch (algorithm.Oid)
            {
                case Oids.Sha256WithRsa:
                case Oids.Sha384WithRsa:
                case Oids.Sha512WithRsa:
                    if (algorithm.Parameters is not null && !IsNull(algorithm.Parameters))
                    {
                        return false;
                    }

                    return VerifyRsa(issuer, data, signature, RsaHash(algorithm.Oid), RSASignaturePadding.Pkcs1);
                case Oids.Sha1WithRsa:
                case Oids.Md5WithRsa:
                    return (algorithm.Parameters is null || IsNull(algorithm.Parameters))
                        && VerifyRsa(issuer, data, signature, algorithm.Oid == Oids.Md5WithRsa ? HashAlgorithmName.MD5 : HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
                case Oids.Sha224WithRsa:
                    return (algorithm.Parameters is null || IsNull(algorithm.Parameters)) && VerifyRsaSha224(issuer, data, signature);
                case Oids.EcdsaWithSha1:
                    return algorithm.Parameters is null && VerifyEcdsa(issuer, data, signature, HashAlgorithmName.SHA1);
                case Oids.EcdsaWithSha224:
                    return algorithm.Parameters is null && VerifyEcdsaHash(issuer, Sha224.Hash(data), signature);
                case Oids.RsaPss:
                    var pssHash = ReadPssHash(algorithm.Parameters);
                    return pssHash is not null && VerifyRsa(issuer, data, signature, pssHash.Value, RSASignaturePadding.Pss);
                case Oids.EcdsaWithSha256:
                case Oids.EcdsaWithSha384:
                case Oids.EcdsaWithSha512:
                    return algorithm.Parameters is null && VerifyEcdsa(issuer, data, signature, EcdsaHash(algorithm.Oid));
                default:
                    return false;
            }
        }
        catch (Exception ex) when (ex is CryptographicException or AsnContentException or ArgumentException or PlatformNotSupportedException)
        {
            return false;
        }
    }

    private static bool VerifyRsa(ParsedCertificate issuer, byte[] data, byte[] signature, HashAlgorithmName hash, RSASignaturePadding padding)
    {
        if (issuer.PublicKeyAlgorithm.Oid != Oids.RsaEncryption || ReadRsaKey(issuer.PublicKey) is not { } parameters)
        {
            return false;
        }

        var rsa = VerificationKeyCache.GetOrImport(VerificationKeyCache.Identity(Oids.RsaEncryption, issuer.PublicKey), () =>
        {
            var imported = RSA.Create();
            imported.ImportParameters(parameters);
            return imported;
        });

        // A shared key object: one verification at a time on it, whatever the platform's guarantees.
        lock (rsa)
        {
            return rsa.VerifyData(data, signature, hash, padding);
        }
    }

    // EMSA-PKCS1-v1_5 (RFC 8017 9.2) checked by hand, since .NET signs and verifies no SHA-224: s^e mod n must be exactly
    // 00 01 FF..FF 00 DigestInfo(sha224, hash). Only public values are involved, so BigInteger's timing does not matter.
    private static bool VerifyRsaSha224(ParsedCertificate issuer, byte[] data, byte[] signature)
    {
        if (issuer.PublicKeyAlgorithm.Oid != Oids.RsaEncryption || ReadRsaKey(issuer.PublicKey) is not { } parameters)
        {
            return false;
        }

        var modulus = parameters.Modulus!;
        if (signature.Length != modulus.Length)
        {
            return false;
        }

        var n = Unsigned(modulus);
        var s = Unsigned(signature);
        if (s >= n)
        {
            return false;
        }

        var encoded = System.Numerics.BigInteger.ModPow(s, Unsigned(parameters.Exponent!), n).ToByteArray();
        Array.Reverse(encoded);
        var expected = new byte[modulus.Length];
        var digestInfo = new byte[] { 0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c };
        var hash = Sha224.Hash(data);
        var tail = digestInfo.Length + hash.Length;
        if (expected.Length < tail + 11)
        {
            return false;
        }

        expected[1] = 0x01;
        for (var i = 2; i < expected.Length - tail - 1; i++)
        {
            expected[i] = 0xFF;
        }

        Buffer.BlockCopy(digestInfo, 0, expected, expected.Length - tail, digestInfo.Length);
        Buffer.BlockCopy(hash, 0, expected, expected.Length - hash.Length, hash.Length);

        // BigInteger drops the leading 00 and may add a sign byte: compare from the 01.
        var start = 0;
        while (start < encoded.Length && encoded[start] == 0)
        {
            start++;
        }

        return encoded.AsSpan(start).SequenceEqual(expected.AsSpan(1));
    }

    private static System.Numerics.BigInteger Unsigned(byte[] bigEndian)
    {
        var littleEndian = new byte[bigEndian.Length + 1];
        for (var i = 0; i < bigEndian.Length; i++)
        {
            littleEndian[i] = bigEndian[bigEndian.Length - 1 - i];
        }

        return new System.Numerics.BigInteger(littleEndian);
    }

    private static bool VerifyEcdsa(ParsedCertificate issuer, byte[] data, byte[] derSignature, HashAlgorithmName hash)
    {
        // Verification only: a SHA-1 signature is then refused by JudgeSignatureAlgorithm, with its own code.
        using var digest = IncrementalHash.CreateHash(hash);
        digest.AppendData(data);
        return VerifyEcdsaHash(issuer, digest.GetHashAndReset(), derSignature);
    }

    private static bool VerifyEcdsaHash(ParsedCertificate issuer, byte[] digest, byte[] derSignature)
    {
        var curveOid = NamedCurve(issuer.PublicKeyAlgorithm.Parameters);
        var fieldBytes = curveOid switch
        {
            Oids.P256 => 32,
            Oids.P384 => 48,
            Oids.P521 => 66,
            _ => 0,
        };
        var point = issuer.PublicKey;
        if (issuer.PublicKeyAlgorithm.Oid != Oids.EcPublicKey || fieldBytes == 0 || point.Length != 1 + (2 * fieldBytes) || point[0] != 0x04)
        {
            return false;
        }

        var signature = DerToFixedSize(derSignature, fieldBytes);
        if (signature is null)
        {
            return false;
        }

        var parameters = new ECParameters
        {
            Curve = curveOid switch
            {
                Oids.P256 => ECCurve.NamedCurves.nistP256,
                Oids.P384 => ECCurve.NamedCurves.nistP384,
                _ => ECCurve.NamedCurves.nistP521,
            },
            Q = new ECPoint
            {
                X = point.AsSpan(1, fieldBytes).ToArray(),
                Y = point.AsSpan(1 + fieldBytes, fieldBytes).ToArray(),
            },
        };
        var ecdsa = VerificationKeyCache.GetOrImport(VerificationKeyCache.Identity(curveOid!, point), () => ECDsa.Create(parameters));
        lock (ecdsa)
        {
            return ecdsa.VerifyHash(digest, signature);
        }
    }

    // ECDSA signatures in certificates are DER SEQUENCE { r, s }; .NET verifies the fixed-size r || s form on every target.
    private static byte[]? DerToFixedSize(byte[] der, int fieldBytes)
    {
        var sequence = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var r = sequence.ReadIntegerBytes().ToArray();
        var s = sequence.ReadIntegerBytes().ToArray();
        sequence.ThrowIfNotEmpty();
        var result = new byte[2 * fieldBytes];
        return CopyUnsigned(r, result, 0, fieldBytes) && CopyUnsigned(s, result, fieldBytes, fieldBytes) ? result : null;
    }

    private static bool CopyUnsigned(byte[] integer, byte[] into, int offset, int size)
    {
        var start = 0;
        while (start < integer.Length - 1 && integer[start] == 0)
        {
            start++;
        }

        var length = integer.Length - start;
        if (length > size || (integer[0] & 0x80) != 0)
        {
            return false;
        }

        Buffer.BlockCopy(integer, start, into, offset + size - length, length);
        return true;
    }

    private static RSAParameters? ReadRsaKey(byte[] publicKey)
    {
        try
        {
            var sequence = new AsnReader(publicKey, AsnEncodingRules.DER).ReadSequence();
            var modulus = TrimLeadingZeros(sequence.ReadIntegerBytes().ToArray());
            var exponent = TrimLeadingZeros(sequence.ReadIntegerBytes().ToArray());
            sequence.ThrowIfNotEmpty();
            return modulus.Length == 0 ? null : new RSAParameters { Modulus = modulus, Exponent = exponent };
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static byte[] TrimLeadingZeros(byte[] value)
    {
        var start = 0;
        while (start < value.Length && value[start] == 0)
        {
            start++;
        }

        return value.AsSpan(start).ToArray();
    }

    private static int BitLength(byte[] magnitude)
    {
        if (magnitude.Length == 0)
        {
            return 0;
        }

        var bits = (magnitude.Length - 1) * 8;
        for (var top = magnitude[0]; top != 0; top >>= 1)
        {
            bits++;
        }

        return bits;
    }

    private static string? NamedCurve(byte[]? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        try
        {
            var reader = new AsnReader(parameters, AsnEncodingRules.DER);
            return reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) ? reader.ReadObjectIdentifier() : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }

    private static bool IsNull(byte[] parameters) => parameters.Length == 2 && parameters[0] == 0x05 && parameters[1] == 0x00;

    private static HashAlgorithmName RsaHash(string oid) => oid switch
    {
        Oids.Sha384WithRsa => HashAlgorithmName.SHA384,
        Oids.Sha512WithRsa => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    private static HashAlgorithmName EcdsaHash(string oid) => oid switch
    {
        Oids.EcdsaWithSha384 => HashAlgorithmName.SHA384,
        Oids.EcdsaWithSha512 => HashAlgorithmName.SHA512,
        _ => HashAlgorithmName.SHA256,
    };

    // RSASSA-PSS-params (RFC 4055): .NET verifies PSS with MGF1 over the same hash and a salt as long as the hash.
    private static HashAlgorithmName? ReadPssHash(byte[]? parameters)
    {
        if (parameters is null)
        {
            return null;
        }

        try
        {
            var sequence = new AsnReader(parameters, AsnEncodingRules.DER).ReadSequence();
            string? hashOid = null;
            string? mgfHashOid = null;
            var saltLength = 20;
            while (sequence.HasData)
            {
                var tag = sequence.PeekTag();
                var field = sequence.ReadSequence(tag);
                switch (tag.TagValue)
                {
                    case 0:
                        hashOid = AlgorithmIdentifier.Read(field).Oid;
                        break;
                    case 1:
                        var mgf = field.ReadSequence();
                        if (mgf.ReadObjectIdentifier() != Oids.Mgf1)
                        {
                            return null;
                        }

                        mgfHashOid = AlgorithmIdentifier.Read(mgf).Oid;
                        break;
                    case 2:
                        saltLength = field.TryReadInt32(out var salt) ? salt : -1;
                        break;
                    default:
                        field.ReadEncodedValue();
                        break;
                }
            }

            (HashAlgorithmName Name, int Length)? hash = hashOid switch
            {
                Oids.Sha256 => (HashAlgorithmName.SHA256, 32),
                Oids.Sha384 => (HashAlgorithmName.SHA384, 48),
                Oids.Sha512 => (HashAlgorithmName.SHA512, 64),
                _ => null,
            };
            return hash is { } h && mgfHashOid == hashOid && saltLength == h.Length ? h.Name : null;
        }
        catch (AsnContentException)
        {
            return null;
        }
    }
}
