using System;
using System.IO;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Templates.Tests;

/// <summary>What <c>dotnet new</c> shows and refuses for the packed templates.</summary>
[Collection(TemplatePackGroup.Name)]
public sealed class TemplateCommandLineTests
{
    private readonly TemplatePackFixture _pack;

    public TemplateCommandLineTests(TemplatePackFixture pack)
    {
        _pack = pack;
    }

    [Theory]
    [InlineData("mipsecure-integration")]
    [InlineData("mipsecure-tests")]
    [InlineData("mipsecure-trust")]
    public void Help_lists_the_template_options(string template)
    {
        var help = _pack.New(_pack.Work, template, "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        Snapshot.Verify(help.Output.TrimEnd(), variant: template);
    }

    [Theory]
    [InlineData("mipsecure-integration", "--framework", "net6.0")]
    [InlineData("mipsecure-integration", "--role", "foo")]
    [InlineData("mipsecure-tests", "--framework", "net48")]
    [InlineData("mipsecure-tests", "--role", "event")]
    public void Bad_parameter_value_is_refused_with_exit_code_127_and_creates_nothing(string template, string option, string value)
    {
        var folder = _pack.NewFolder("bad-" + template + option + "-" + value);

        var result = _pack.New(folder, template, "-n", "Refused", option, value, "--no-restore");

        // 127: the template engine's "invalid template or template option" exit code.
        Assert.True(result.ExitCode == 127, result.ToString());
        Assert.Contains(value, result.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }
}
