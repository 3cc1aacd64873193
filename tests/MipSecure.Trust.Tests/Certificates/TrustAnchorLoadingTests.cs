using System;
using System.IO;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Trust.Tests.Certificates;

/// <summary>
/// The one loader of "the CAs a party trusts" (TrustAnchorSet.FromFiles, and TrustSettings.LoadTrustAnchors on top of it):
/// a CA file that cannot be used is one coded line that names it, never a skipped entry or a .NET type name.
/// </summary>
public sealed class TrustAnchorLoadingTests : IDisposable
{
    private readonly TempDirectory _folder = new("mipsecure-anchors");

    [Fact]
    public void A_missing_file_is_MIPSEC3001_naming_the_path_looked_for()
    {
        var path = _folder.File("nope.crt");

        var error = Assert.Throws<CertificateLoadException>(() => TrustAnchorSet.FromFiles(new[] { path }));

        AssertOneCodedLine(error, MipSecCodes.CertificateFileNotFound, "the file does not exist (looked for '" + path + "')");
    }

    [Fact]
    public void A_folder_is_MIPSEC3001_saying_it_is_a_folder()
    {
        var error = Assert.Throws<CertificateLoadException>(() => TrustAnchorSet.FromFiles(new[] { _folder.Path }));

        AssertOneCodedLine(error, MipSecCodes.CertificateFileNotFound, "it is a folder, not a file");
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_path_is_refused_not_skipped(string path)
    {
        var error = Assert.Throws<CertificateLoadException>(() => TrustAnchorSet.FromFiles(new[] { path }));

        AssertOneCodedLine(error, MipSecCodes.CertificateFileNotFound, "no file is named");
    }

    [Fact]
    public void Garbage_PEM_is_a_coded_line_naming_the_file()
    {
        var path = _folder.File("garbage.crt");
        File.WriteAllText(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");

        var error = Assert.Throws<CertificateLoadException>(() => TrustAnchorSet.FromFiles(new[] { path }));

        Assert.Equal(MipSecCodeCategory.UnreadableInput, error.Code.Category);
        Assert.Contains("'" + path + "'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_files_CA_list_is_read_by_the_same_loader_with_the_extra_files()
    {
        var site = SiteConfigurationLoader.LoadText(
            "{ \"trust\": { \"caCertificates\": [\"missing-root.crt\"] }, \"managementServer\": { \"uri\": \"https://mgmt.contoso.local/\" } }",
            _folder.File("mipsecure.json"),
            _folder.Path).Configuration!;

        var fromFile = Assert.Throws<CertificateLoadException>(() => site.Trust.LoadTrustAnchors(TrustingParty.Clients));
        var extra = Assert.Throws<CertificateLoadException>(() => site.Trust.LoadTrustAnchors(TrustingParty.Clients, new[] { _folder.Path }));

        AssertOneCodedLine(fromFile, MipSecCodes.CertificateFileNotFound, "looked for '" + _folder.File("missing-root.crt") + "'");
        AssertOneCodedLine(extra, MipSecCodes.CertificateFileNotFound, "it is a folder, not a file");
    }

    public void Dispose() => _folder.Dispose();

    private static void AssertOneCodedLine(CertificateLoadException error, MipSecCode code, string reason)
    {
        Assert.Equal(code, error.Code);
        Assert.StartsWith(code.Id + ": Cannot read certificate '", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Remedy));
    }
}
