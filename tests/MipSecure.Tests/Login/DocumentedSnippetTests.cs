using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Tests.Login;

/// <summary>The token-chain code in the docs is the sample's, line for line, so it compiles and runs with the sample.</summary>
public sealed class DocumentedSnippetTests
{
    [Theory]
    [InlineData("docs/client.md")]
    [InlineData("src/MipSecure/README.md")]
    public void Every_token_chain_line_shown_is_a_line_of_the_compiled_sample(string document)
    {
        var sample = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "samples", "EncryptedRetrieval", "Program.cs")).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, document));
        var shown = Regex.Matches(text, "```csharp\\n(.*?)```", RegexOptions.Singleline)
            .SelectMany(m => m.Groups[1].Value.Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Contains("session", StringComparison.Ordinal))
            .ToList();

        Assert.NotEmpty(shown);
        Assert.All(shown, line => Assert.Contains(line, sample));
    }
}
