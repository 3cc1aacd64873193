using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Trust.Tests.Diagnostics;

/// <summary>Every code is unique, well-formed and explained by a help page with the three sections users rely on.</summary>
public sealed class CodeCatalogTests
{
    private static readonly Regex CodePattern = new(@"^MIPSEC[1-5]\d{3}$", RegexOptions.CultureInvariant);

    [Fact]
    public void Every_declared_code_is_unique_and_well_formed()
    {
        var declared = typeof(MipSecCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(MipSecCode))
            .Select(f => (MipSecCode)f.GetValue(null)!)
            .ToList();

        Assert.NotEmpty(declared);
        Assert.Equal(declared.Count, MipSecCodes.All.Count);
        Assert.Equal(declared.Count, declared.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(declared, code => Assert.Matches(CodePattern, code.Id));
        Assert.All(declared, code => Assert.False(string.IsNullOrWhiteSpace(code.Title), code.Id + " has no title."));
        Assert.All(declared, code => Assert.Equal(MipSecCode.HelpBaseAddress + code.Id + ".md", code.HelpLink));
    }

    [Fact]
    public void Every_code_has_the_category_of_its_documented_range()
    {
        // The README's table of ranges: | 1xxx | certificate findings (...) |
        var documented = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "README.md"))
            .Select(line => Regex.Match(line, @"^\| ([1-9])xxx \| (.+?) \|$", RegexOptions.CultureInvariant))
            .Where(match => match.Success)
            .ToDictionary(match => match.Groups[1].Value[0] - '0', match => match.Groups[2].Value);
        var words = new (MipSecCodeCategory Category, string Words)[]
        {
            (MipSecCodeCategory.Certificate, "certificate findings"),
            (MipSecCodeCategory.SiteConfiguration, "site and encryption configuration"),
            (MipSecCodeCategory.UnreadableInput, "unreadable input"),
            (MipSecCodeCategory.Connection, "connections and probes"),
            (MipSecCodeCategory.BuildConfiguration, "code and build configuration"),
        };

        Assert.Equal(Enum.GetValues<MipSecCodeCategory>().Select(c => (int)c).Order(), documented.Keys.Order());
        Assert.All(words, entry => Assert.StartsWith(entry.Words, documented[(int)entry.Category], StringComparison.Ordinal));
        Assert.Equal(Enum.GetValues<MipSecCodeCategory>().Length, words.Length);
        Assert.All(MipSecCodes.All, code => Assert.True(
            documented.ContainsKey(code.Id[6] - '0') && (int)code.Category == code.Id[6] - '0',
            $"{code.Id} is {code.Category}, which is not the documented range {code.Id[6]}xxx."));
        Assert.Equal(MipSecCodeCategory.UnreadableInput, MipSecCodes.CertificateFileNotFound.Category);
        Assert.Equal(MipSecCodeCategory.Certificate, MipSecCodes.CertificateExpiresSoon.Category);
        Assert.Equal(MipSecCodeCategory.SiteConfiguration, MipSecCodes.RecordingServerNotEncrypted.Category);
    }

    [Fact]
    public void Every_code_has_a_help_page_with_its_title_and_three_sections()
    {
        var missing = MipSecCodes.All
            .Select(code => (Code: code, Problem: PageProblem(code)))
            .Where(result => result.Problem is not null)
            .Select(result => $"{result.Code.Id}: {result.Problem}")
            .ToList();

        Assert.True(missing.Count == 0, "Help pages missing or incomplete:\n" + string.Join("\n", missing));
    }

    private static string? PageProblem(MipSecCode code)
    {
        var path = Path.Combine(RepositoryPaths.Root, "docs", "errors", code.Id + ".md");
        if (!File.Exists(path))
        {
            return "docs/errors/" + code.Id + ".md does not exist";
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0 || lines[0] != $"# {code.Id}: {code.Title}")
        {
            return $"the first line must be '# {code.Id}: {code.Title}'";
        }

        var missingSections = new[] { "## What it means", "## Why XProtect cares", "## How to fix it" }
            .Where(section => !lines.Contains(section))
            .ToList();
        return missingSections.Count == 0 ? null : "missing " + string.Join(", ", missingSections);
    }
}
