using System;
using System.IO;
using System.Linq;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Tests.Diagnostics;

public sealed class ConnectionCodeDocumentationTests
{
    public static TheoryData<string> ConnectionCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in MipSecCodes.All.Where(c => c.Id.StartsWith("MIPSEC40", StringComparison.Ordinal)))
        {
            data.Add(code.Id);
        }

        return data;
    }

    [Theory]
    [InlineData(4001, 4049)]
    [InlineData(4050, 4099)]
    public void Connection_codes_are_numbered_without_gaps_from_the_start_of_their_block(int first, int last)
    {
        var ids = MipSecCodes.All
            .Select(c => int.Parse(c.Id[6..], System.Globalization.CultureInfo.InvariantCulture))
            .Where(id => id >= first && id <= last)
            .ToList();

        Assert.Equal(Enumerable.Range(first, ids.Count), ids);
    }

    [Theory]
    [MemberData(nameof(ConnectionCodes))]
    public void Every_connection_code_has_a_help_page_with_the_three_sections(string id)
    {
        Assert.True(MipSecCodes.TryGet(id, out var code));
        var path = Path.Combine(RepositoryPaths.Root, "docs", "errors", id + ".md");

        var lines = File.ReadAllLines(path);

        Assert.Equal($"# {id}: {code.Title}", lines[0]);
        var headings = lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)).ToList();
        Assert.Equal(new[] { "## What it means", "## Why XProtect cares", "## How to fix it" }, headings);
        Assert.EndsWith("docs/errors/" + id + ".md", code.HelpLink, StringComparison.Ordinal);
    }
}
