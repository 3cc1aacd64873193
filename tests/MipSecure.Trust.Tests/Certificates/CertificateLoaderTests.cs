using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Tests.TestSupport;
using Xunit;

namespace MipSecure.Trust.Tests.Certificates;

public sealed class CertificateLoaderTests : IDisposable
{
    private readonly TestPki _pki = new();
    private readonly TempDirectory _temp = new("mipsecure-loader");

    [Fact]
    public void Pem_bundle_yields_every_certificate_in_order()
    {
        var leaf = _pki.Issuing.IssueServerCertificate("rec1.contoso.local");
        var path = Write("chain.pem", CertificateAuthority.ExportPem(leaf) + CertificateAuthority.ExportPem(_pki.Issuing.Certificate));

        using var loaded = CertificateLoader.LoadFile(path);

        Assert.Equal(CertificateFormat.Pem, loaded.Format);
        Assert.Equal(new[] { leaf.Thumbprint, _pki.Issuing.Certificate.Thumbprint }, loaded.Certificates.Select(c => c.Thumbprint));
        Assert.Equal(leaf.Thumbprint, loaded.Primary.Thumbprint);
    }

    [Fact]
    public void Pem_with_bom_and_leading_text_is_read()
    {
        var pem = "\uFEFFSubject: rec1\r\n" + CertificateAuthority.ExportPem(_pki.Root.Certificate).Replace("\n", "\r\n");
        var path = Write("root.crt", pem);

        using var loaded = CertificateLoader.LoadFile(path);

        Assert.Single(loaded.Certificates);
    }

    [Fact]
    public void Der_is_read()
    {
        var path = WriteBytes("root.cer", _pki.Root.Certificate.RawData);

        using var loaded = CertificateLoader.LoadFile(path);

        Assert.Equal(CertificateFormat.Der, loaded.Format);
        Assert.Equal(_pki.Root.Certificate.Thumbprint, loaded.Primary.Thumbprint);
    }

    [Fact]
    public void Pfx_with_password_holds_the_private_key()
    {
        var leaf = _pki.Issuing.IssueServerCertificate("mobile.contoso.local");
        var path = WriteBytes("mobile.pfx", leaf.Export(X509ContentType.Pkcs12, "s3cret-pass"));

        using var loaded = CertificateLoader.LoadFile(path, "s3cret-pass");

        Assert.Equal(CertificateFormat.Pkcs12, loaded.Format);
        Assert.True(loaded.Primary.HasPrivateKey);
    }

    [Fact]
    public void Pfx_with_wrong_password_is_MIPSEC3006_and_never_shows_the_password()
    {
        var leaf = _pki.Issuing.IssueServerCertificate("mobile.contoso.local");
        var path = WriteBytes("mobile.pfx", leaf.Export(X509ContentType.Pkcs12, "right-password"));

        var error = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadFile(path, "wrong-password"));

        Assert.Equal(MipSecCodes.PfxPasswordWrong, error.Code);
        Assert.DoesNotContain("wrong-password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("right-password", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("empty", "MIPSEC3002")]
    [InlineData("garbage-pem", "MIPSEC3005")]
    [InlineData("key-only", "MIPSEC3004")]
    [InlineData("unterminated-pem", "MIPSEC3005")]
    [InlineData("truncated-der", "MIPSEC3005")]
    [InlineData("text", "MIPSEC3004")]
    [InlineData("missing", "MIPSEC3001")]
    public void Unreadable_input_gets_a_coded_error_naming_the_file(string kind, string expectedCode)
    {
        var der = _pki.Root.Certificate.RawData;
        var pem = CertificateAuthority.ExportPem(_pki.Root.Certificate);
        var path = kind switch
        {
            "empty" => WriteBytes("empty.crt", Array.Empty<byte>()),
            "garbage-pem" => Write("garbage.crt", "-----BEGIN CERTIFICATE-----\nnot*base64!!\n-----END CERTIFICATE-----\n"),
            "key-only" => Write("key.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
            "unterminated-pem" => Write("cut.pem", pem.Substring(0, pem.Length / 2)),
            "truncated-der" => WriteBytes("cut.der", der.Take(der.Length - 40).ToArray()),
            "text" => Write("notes.txt", "This is not a certificate."),
            _ => _temp.File("does-not-exist.crt"),
        };

        var error = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadFile(path));

        Assert.Equal(expectedCode, error.Code.Id);
        Assert.StartsWith(expectedCode + ":", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Remedy));
    }

    [Fact]
    public void Oversized_file_is_refused_before_it_is_read()
    {
        var path = _temp.File("huge.pem");
        using (var stream = File.Create(path))
        {
            stream.SetLength(CertificateLoader.MaxFileBytes + 1);
        }

        var error = Assert.Throws<CertificateLoadException>(() => CertificateLoader.LoadFile(path));

        Assert.Equal(MipSecCodes.CertificateFileTooLarge, error.Code);
    }

    [Fact]
    public void Store_reference_to_a_missing_thumbprint_is_coded()
    {
        var error = Assert.Throws<CertificateLoadException>(
            () => CertificateLoader.LoadFromStore(new string('A', 40), StoreName.My, StoreLocation.CurrentUser));

        Assert.Contains(error.Code.Id, new[] { "MIPSEC3008", "MIPSEC3009" });
    }

    public void Dispose()
    {
        _pki.Dispose();
        _temp.Dispose();
    }

    private string Write(string name, string text) => WriteBytes(name, Encoding.UTF8.GetBytes(text));

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = _temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
