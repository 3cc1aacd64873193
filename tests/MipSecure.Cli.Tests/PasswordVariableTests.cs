using System;
using System.Threading.Tasks;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>Every command that reads a password from a variable reads it the same way: unset or empty is one MIPSEC3007 line, exit 3.</summary>
public sealed class PasswordVariableTests
{
    private const string Expected = "MIPSEC3007: --password-variable MIPSECURE_NOT_SET: the environment variable is not set or empty";

    private readonly CliRunner _cli = new();

    [Theory]
    [InlineData("verify rec1.pfx --ca ca.crt --host rec1.contoso.local --password-variable MIPSECURE_NOT_SET")]
    [InlineData("audit https://mgmt.contoso.local/ --user auditor --password-variable MIPSECURE_NOT_SET --ca ca.crt")]
    [InlineData("watch --management https://mgmt.contoso.local/ --user auditor --password-variable MIPSECURE_NOT_SET --ca ca.crt")]
    [InlineData("simulate --password-variable MIPSECURE_NOT_SET")]
    public async Task An_unset_password_variable_is_the_same_coded_line_in_every_command(string commandLine)
    {
        var result = await _cli.RunAsync(commandLine.Split(' '));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.StartsWith(Expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(string.Empty, result.Output.Trim());
    }
}
