using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Pki;

/// <summary>
/// An in-memory certificate authority: a new root, or one opened from its PFX. It issues intermediates and server
/// certificates with any names, usages, keys, validity and signature algorithm: the CA and certificates of an XProtect
/// site (<c>mipsecure pki</c>), and for tests broken ones. Its clock is a <see cref="TimeProvider"/>, so a fake clock
/// gives reproducible validity periods.
/// </summary>
public sealed class CertificateAuthority : IDisposable
{
    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private readonly TimeProvider _timeProvider;
    private readonly List<X509Certificate2> _issued = new();

    private CertificateAuthority(X509Certificate2 certificate, TimeProvider timeProvider, CertificateAuthority? parent)
    {
        Certificate = certificate;
        _timeProvider = timeProvider;
        Parent = parent;
    }

    /// <summary>Gets the CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the CA that issued this one; <see langword="null"/> for a root.</summary>
    public CertificateAuthority? Parent { get; }

    /// <summary>Gets the root at the top of this CA's hierarchy.</summary>
    public CertificateAuthority Root => Parent?.Root ?? this;

    /// <summary>Gets the CA certificates from this one up to the root, excluding the root: what a server sends as intermediates.</summary>
    public IReadOnlyList<X509Certificate2> IntermediatesToRoot
    {
        get
        {
            var result = new List<X509Certificate2>();
            for (var ca = this; ca.Parent is not null; ca = ca.Parent)
            {
                result.Add(ca.Certificate);
            }

            return result;
        }
    }

    /// <summary>Creates a self-signed root CA.</summary>
    /// <param name="commonName">The CA's common name.</param>
    /// <param name="timeProvider">The clock validity periods are measured from; the system clock by default.</param>
    /// <param name="spec">The CA certificate's details; a 10-year RSA 2048 CA by default.</param>
    /// <returns>The CA.</returns>
    public static CertificateAuthority CreateRoot(string commonName = "MipSecure Test Root CA", TimeProvider? timeProvider = null, CertificateSpec? spec = null)
    {
        var time = timeProvider ?? TimeProvider.System;
        var caSpec = (spec ?? DefaultCaSpec) with { CommonName = commonName, IsCertificateAuthority = true };
        using var key = CreateKey(caSpec);
        var request = CreateRequest(caSpec, key);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = time.GetUtcNow();
        var generator = CreateGenerator(key);
        var (notBefore, notAfter) = ValidityPeriod(now, caSpec);
        using var unsigned = request.Create(request.SubjectName, generator, notBefore, notAfter, NewSerialNumber());
        return new CertificateAuthority(AttachKey(unsigned, key), time, parent: null);
    }

    /// <summary>Opens an existing CA from its certificate and private key, for example a CA PFX made earlier.</summary>
    /// <param name="certificateWithKey">The CA certificate with its private key.</param>
    /// <param name="timeProvider">The clock validity periods are measured from; the system clock by default.</param>
    /// <returns>The CA; disposing it does not dispose <paramref name="certificateWithKey"/>'s key material owner.</returns>
    public static CertificateAuthority Open(X509Certificate2 certificateWithKey, TimeProvider? timeProvider = null)
    {
        if (certificateWithKey is null)
        {
            throw new ArgumentNullException(nameof(certificateWithKey));
        }

        if (!certificateWithKey.HasPrivateKey)
        {
            throw new ArgumentException("The CA certificate has no private key: open the CA's PFX, not its .crt.", nameof(certificateWithKey));
        }

        return new CertificateAuthority(new X509Certificate2(certificateWithKey), timeProvider ?? TimeProvider.System, parent: null);
    }

    /// <summary>Creates a self-signed certificate that no CA issued: a classic misconfiguration.</summary>
    /// <param name="spec">The certificate's details.</param>
    /// <param name="timeProvider">The clock; the system clock by default.</param>
    /// <returns>The certificate, with its private key.</returns>
    public static X509Certificate2 CreateSelfSigned(CertificateSpec spec, TimeProvider? timeProvider = null)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        var now = (timeProvider ?? TimeProvider.System).GetUtcNow();
        using var key = CreateKey(spec);
        var request = CreateRequest(spec, key);
        var generator = CreateGenerator(key);
        var (notBefore, notAfter) = ValidityPeriod(now, spec);
        using var unsigned = request.Create(request.SubjectName, generator, notBefore, notAfter, NewSerialNumber());
        return AttachKey(unsigned, key);
    }

    /// <summary>Creates an intermediate CA issued by this CA.</summary>
    /// <param name="commonName">The intermediate's common name.</param>
    /// <param name="spec">The intermediate's details; a 5-year RSA 2048 CA by default.</param>
    /// <returns>The intermediate CA.</returns>
    public CertificateAuthority CreateIntermediate(string commonName = "MipSecure Test Issuing CA", CertificateSpec? spec = null)
    {
        var caSpec = (spec ?? DefaultCaSpec with { NotAfterOffset = TimeSpan.FromDays(5 * 365) }) with { CommonName = commonName, IsCertificateAuthority = true };
        return new CertificateAuthority(Issue(caSpec), _timeProvider, this);
    }

    /// <summary>Issues a valid XProtect server certificate for <paramref name="hostName"/>.</summary>
    /// <param name="hostName">The host name: the common name and the first DNS SAN.</param>
    /// <param name="moreDnsNames">More DNS SANs, for example the short name.</param>
    /// <returns>The certificate, with its private key.</returns>
    public X509Certificate2 IssueServerCertificate(string hostName, params string[] moreDnsNames)
    {
        if (hostName is null)
        {
            throw new ArgumentNullException(nameof(hostName));
        }

        return Issue(new CertificateSpec { CommonName = hostName, DnsNames = new[] { hostName }.Concat(moreDnsNames ?? Array.Empty<string>()).ToArray() });
    }

    /// <summary>Issues a certificate exactly as <paramref name="spec"/> describes.</summary>
    /// <param name="spec">The certificate's details.</param>
    /// <returns>The certificate, with its private key.</returns>
    public X509Certificate2 Issue(CertificateSpec spec)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        using var key = CreateKey(spec);
        var issued = IssueFor(spec, key);
        lock (_issued)
        {
            _issued.Add(issued);
        }

        return issued;
    }

    /// <summary>
    /// Issues a certificate as <paramref name="spec"/> describes for an existing key pair. Key generation is the slow part of
    /// issuing; certificates that may share a key (a simulated site's servers) are issued in milliseconds this way.
    /// Unlike <see cref="Issue(CertificateSpec)"/>, the CA does not keep the certificate: the caller owns and disposes it.
    /// </summary>
    /// <param name="spec">The certificate's details; its key kind and size are ignored.</param>
    /// <param name="subjectKey">The subject's RSA or ECDSA key pair; the caller keeps ownership.</param>
    /// <returns>The certificate, with its private key.</returns>
    public X509Certificate2 Issue(CertificateSpec spec, AsymmetricAlgorithm subjectKey) => IssueFor(spec, subjectKey);

    private X509Certificate2 IssueFor(CertificateSpec spec, AsymmetricAlgorithm subjectKey)
    {
        if (spec is null)
        {
            throw new ArgumentNullException(nameof(spec));
        }

        if (subjectKey is null)
        {
            throw new ArgumentNullException(nameof(subjectKey));
        }

        var key = subjectKey;
        var request = CreateRequest(spec, key);
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = _timeProvider.GetUtcNow();
        var (notBefore, notAfter) = ValidityPeriod(now, spec);
        using var issuerKey = OpenIssuerKey();
        var generator = CreateGenerator(issuerKey);
        using var unsigned = request.Create(Certificate.SubjectName, generator, notBefore, notAfter, NewSerialNumber());
        return AttachKey(unsigned, key);
    }

    /// <summary>Writes <paramref name="certificate"/> as PEM text.</summary>
    /// <param name="certificate">The certificate.</param>
    /// <returns>The PEM text.</returns>
    public static string ExportPem(X509Certificate2 certificate)
    {
        if (certificate is null)
        {
            throw new ArgumentNullException(nameof(certificate));
        }

        return new string(PemEncoding.Write("CERTIFICATE", certificate.RawData)) + "\n";
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var certificate in _issued)
        {
            certificate.Dispose();
        }

        Certificate.Dispose();
    }

    // An expired certificate needs a start before its end: move the start back a year when the spec left it after the end.
    private static (DateTimeOffset NotBefore, DateTimeOffset NotAfter) ValidityPeriod(DateTimeOffset now, CertificateSpec spec)
    {
        var notAfter = now + spec.NotAfterOffset;
        var notBefore = now + spec.NotBeforeOffset;
        return (notBefore < notAfter ? notBefore : notAfter - TimeSpan.FromDays(365), notAfter);
    }

    private static CertificateSpec DefaultCaSpec => new()
    {
        NotAfterOffset = TimeSpan.FromDays(10 * 365),
        IsCertificateAuthority = true,
    };

    private AsymmetricAlgorithm OpenIssuerKey() =>
        (AsymmetricAlgorithm?)Certificate.GetRSAPrivateKey() ?? Certificate.GetECDsaPrivateKey()
        ?? throw new InvalidOperationException("The CA certificate has no private key.");

    private static AsymmetricAlgorithm CreateKey(CertificateSpec spec) =>
        spec.KeyKind switch
        {
            CertificateKeyKind.Ecdsa => ECDsa.Create(spec.KeySize switch
            {
                384 => ECCurve.NamedCurves.nistP384,
                521 => ECCurve.NamedCurves.nistP521,
                _ => ECCurve.NamedCurves.nistP256,
            }),
            _ => RSA.Create(spec.KeySize),
        };

    private static CertificateRequest CreateRequest(CertificateSpec spec, AsymmetricAlgorithm key)
    {
        var subject = new X500DistinguishedName("CN=" + EscapeRdnValue(spec.CommonName));
        var request = key switch
        {
            RSA rsa => new CertificateRequest(subject, rsa, spec.SignatureHash, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => new CertificateRequest(subject, ecdsa, spec.SignatureHash),
            _ => throw new NotSupportedException("Unsupported key type."),
        };

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
            spec.IsCertificateAuthority, spec.PathLengthConstraint.HasValue, spec.PathLengthConstraint ?? 0, critical: true));
        var usage = spec.KeyUsage ?? (spec.IsCertificateAuthority
            ? X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature
            : X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));

        var ekus = spec.ExtendedKeyUsages ?? (spec.IsCertificateAuthority ? Array.Empty<string>() : new[] { ServerAuthenticationOid });
        if (ekus.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var eku in ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, critical: false));
        }

        if (spec.DnsNames.Count > 0 || spec.IPAddresses.Count > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var dnsName in spec.DnsNames)
            {
                names.AddDnsName(dnsName);
            }

            foreach (var address in spec.IPAddresses)
            {
                names.AddIpAddress(address);
            }

            request.CertificateExtensions.Add(names.Build());
        }

        foreach (var extension in spec.ExtraExtensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        return request;
    }

    private static X509SignatureGenerator CreateGenerator(AsymmetricAlgorithm issuerKey)
    {
        return issuerKey switch
        {
            RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
            ECDsa ecdsa => X509SignatureGenerator.CreateForECDsa(ecdsa),
            _ => throw new NotSupportedException("Unsupported key type."),
        };
    }

    private static X509Certificate2 AttachKey(X509Certificate2 certificate, AsymmetricAlgorithm key)
    {
        using var withKey = key switch
        {
            RSA rsa => certificate.CopyWithPrivateKey(rsa),
            ECDsa ecdsa => certificate.CopyWithPrivateKey(ecdsa),
            _ => throw new NotSupportedException("Unsupported key type."),
        };

        // A PFX round trip gives a certificate whose key SslStream can use as a server on every platform.
#if NET9_0_OR_GREATER
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
#else
        return new X509Certificate2(withKey.Export(X509ContentType.Pkcs12), (string?)null, X509KeyStorageFlags.Exportable);
#endif
    }

    private static byte[] NewSerialNumber()
    {
        var serial = new byte[16];
        RandomNumberGenerator.Fill(serial);
        serial[0] &= 0x7F;
        serial[0] |= 0x01;
        return serial;
    }

    private static readonly System.Buffers.SearchValues<char> RdnSpecialCharacters = System.Buffers.SearchValues.Create(",+\"\\<>;=");

    private static string EscapeRdnValue(string value) =>
        value.AsSpan().IndexOfAny(RdnSpecialCharacters) >= 0 ? "\"" + value.Replace("\"", "\\\"") + "\"" : value;
}
