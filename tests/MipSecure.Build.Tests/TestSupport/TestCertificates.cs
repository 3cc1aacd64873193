using System;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Pki;

namespace MipSecure.Build.Tests.TestSupport;

/// <summary>Writes a small PKI as PEM files: a trusted root, a foreign root, and server certificates good and broken.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly CertificateAuthority _root;
    private readonly CertificateAuthority _foreignRoot;
    private readonly TimeProvider _time;

    public TestCertificates(string folder, TimeProvider? timeProvider = null)
    {
        Folder = folder;
        Directory.CreateDirectory(folder);
        _time = timeProvider ?? TimeProvider.System;
        _root = CertificateAuthority.CreateRoot("Contoso Root CA", _time);
        _foreignRoot = CertificateAuthority.CreateRoot("Fabrikam Root CA", _time);
        RootFile = Write("root.crt", _root.Certificate);
    }

    public string Folder { get; }

    public string RootFile { get; }

    /// <summary>A certificate for <paramref name="host"/> issued by the trusted root, valid a year.</summary>
    public string Good(string fileName, string host) => Write(fileName, _root.IssueServerCertificate(host));

    /// <summary>A certificate for <paramref name="host"/> issued by a root nobody installed.</summary>
    public string Untrusted(string fileName, string host) => Write(fileName, _foreignRoot.IssueServerCertificate(host));

    /// <summary>A certificate from the trusted root that expires after <paramref name="lifetimeFromNow"/> (negative: already expired).</summary>
    public string Expiring(string fileName, string host, TimeSpan lifetimeFromNow) => Write(fileName, _root.Issue(new CertificateSpec
    {
        CommonName = host,
        DnsNames = new[] { host },
        NotBeforeOffset = TimeSpan.FromDays(-60),
        NotAfterOffset = lifetimeFromNow,
    }));

    public string Write(string fileName, X509Certificate2 certificate)
    {
        var path = Path.Combine(Folder, fileName);
        File.WriteAllText(path, CertificateAuthority.ExportPem(certificate));
        return path;
    }

    public void Dispose()
    {
        _root.Dispose();
        _foreignRoot.Dispose();
    }
}
