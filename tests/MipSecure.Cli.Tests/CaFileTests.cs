using System;
using System.IO;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>A --ca that cannot be used is the same one coded line, exit 3, in every command that reads the CAs a party trusts.</summary>
public sealed class CaFileTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly TempDirectory _folder = new("mipsecure-ca");

    public CaFileTests()
    {
        File.WriteAllText(_folder.File("garbage.crt"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
    }

    [Theory]
    [InlineData("probe https://rec1.contoso.local:7563/ --ca {ca}", "missing.crt", "MIPSEC3001: Cannot read certificate '{path}': the file does not exist")]
    [InlineData("probe https://rec1.contoso.local:7563/ --ca {ca}", "", "MIPSEC3001: Cannot read certificate '{path}': it is a folder, not a file")]
    [InlineData("audit https://mgmt.contoso.local/ --windows --ca {ca}", "missing.crt", "MIPSEC3001: Cannot read certificate '{path}': the file does not exist")]
    [InlineData("audit https://mgmt.contoso.local/ --windows --ca {ca}", "", "MIPSEC3001: Cannot read certificate '{path}': it is a folder, not a file")]
    [InlineData("probe https://rec1.contoso.local:7563/ --ca {ca}", "garbage.crt", "Cannot read certificate '{path}'")]
    public async Task An_unusable_CA_file_is_one_coded_line_and_exit_3(string commandLine, string file, string expected)
    {
        var path = file.Length == 0 ? _folder.Path : _folder.File(file);

        var result = await _cli.RunAsync(commandLine.Replace("{ca}", path, StringComparison.Ordinal).Split(' '));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(expected.Replace("{path}", path, StringComparison.Ordinal), result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
