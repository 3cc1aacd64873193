using System;
using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Tests.TestSupport;

/// <summary>The weak hashes .NET's signature generators refuse to sign with.</summary>
public enum WeakHash
{
    Sha1,
    Sha224,
}

/// <summary>
/// Signs certificates with SHA-1 or SHA-224 (RSA PKCS#1 v1.5 or ECDSA), which .NET will not do, so that tests can show a
/// genuine weak signature is reported for its algorithm (MIPSEC1010) and not as a forgery.
/// </summary>
internal sealed class WeakHashSigner : X509SignatureGenerator
{
    private static readonly byte[] Sha224DigestInfoPrefix = { 0x30, 0x2d, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04, 0x05, 0x00, 0x04, 0x1c };

    private readonly X509Certificate2 _issuer;
    private readonly WeakHash _hash;

    public WeakHashSigner(X509Certificate2 issuer, WeakHash hash)
    {
        _issuer = issuer;
        _hash = hash;
    }

    private bool IsEcdsa => _issuer.GetKeyAlgorithm() == "1.2.840.10045.2.1";

    /// <summary>Issues <paramref name="request"/> from <paramref name="issuer"/> with a weak-hash signature.</summary>
    public static X509Certificate2 Issue(X509Certificate2 issuer, CertificateRequest request, WeakHash hash, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = new byte[12];
        RandomNumberGenerator.Fill(serial);
        serial[0] = 0x43;
        return request.Create(issuer.SubjectName, new WeakHashSigner(issuer, hash), notBefore, notAfter, serial);
    }

    public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm)
    {
        var oid = (IsEcdsa, _hash) switch
        {
            (false, WeakHash.Sha1) => "1.2.840.113549.1.1.5",
            (false, _) => "1.2.840.113549.1.1.14",
            (true, WeakHash.Sha1) => "1.2.840.10045.4.1",
            (true, _) => "1.2.840.10045.4.3.1",
        };
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (!IsEcdsa)
            {
                writer.WriteNull();
            }
        }

        return writer.Encode();
    }

    public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm)
    {
        if (IsEcdsa)
        {
            using var ecdsa = _issuer.GetECDsaPrivateKey()!;
            var digest = _hash == WeakHash.Sha1 ? Sha1(data) : Sha224.Hash(data);
            var fixedSize = ecdsa.SignHash(digest);
            var half = fixedSize.Length / 2;
            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteIntegerUnsigned(fixedSize.AsSpan(0, half));
                writer.WriteIntegerUnsigned(fixedSize.AsSpan(half));
            }

            return writer.Encode();
        }

        using var rsa = _issuer.GetRSAPrivateKey()!;
        if (_hash == WeakHash.Sha1)
        {
            return rsa.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
        }

        // RFC 8017 8.2.1 by hand: EM = 00 01 FF..FF 00 DigestInfo; s = EM^d mod n.
        var key = rsa.ExportParameters(includePrivateParameters: true);
        var encoded = new byte[key.Modulus!.Length];
        var hash = Sha224.Hash(data);
        encoded[1] = 0x01;
        var tail = Sha224DigestInfoPrefix.Length + hash.Length;
        encoded.AsSpan(2, encoded.Length - tail - 3).Fill(0xFF);
        Sha224DigestInfoPrefix.CopyTo(encoded, encoded.Length - tail);
        hash.CopyTo(encoded, encoded.Length - hash.Length);
        var signature = BigInteger.ModPow(new BigInteger(encoded, isUnsigned: true, isBigEndian: true),
            new BigInteger(key.D, isUnsigned: true, isBigEndian: true), new BigInteger(key.Modulus, isUnsigned: true, isBigEndian: true))
            .ToByteArray(isUnsigned: true, isBigEndian: true);
        var padded = new byte[key.Modulus.Length];
        signature.CopyTo(padded, padded.Length - signature.Length);
        return padded;
    }

    protected override PublicKey BuildPublicKey() => new(_issuer.PublicKey.Oid, _issuer.PublicKey.EncodedParameters, _issuer.PublicKey.EncodedKeyValue);

#pragma warning disable CA5350 // the point of this signer is a SHA-1 signature
    private static byte[] Sha1(byte[] data) => SHA1.HashData(data);
#pragma warning restore CA5350
}
