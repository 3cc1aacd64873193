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
        foreach (var code in MipSecCodes.All.Where(c => c.Category == MipSecCodeCategory.Connection))
        {
            data.Add(code.Id);
        }

        return data;
    }

    [Fact]
    public void Connection_codes_are_numbered_without_gaps_within_each_block_of_ten()
    {
        // Each area of the code base takes a block of ten (4030-4039, 4050-4059, ...): a block fills from its start.
        var blocks = MipSecCodes.All
            .Select(c => int.Parse(c.Id[6..], System.Globalization.CultureInfo.InvariantCulture))
            .Where(id => id is >= 4001 and <= 4099)
            .GroupBy(id => id / 10);

        Assert.All(blocks, block =>
        {
            var first = System.Math.Max(block.Key * 10, 4001);
            Assert.Equal(Enumerable.Range(first, block.Count()), block.OrderBy(id => id));
        });
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
