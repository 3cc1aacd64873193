using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace MipSecure.Cli.Output;

/// <summary>How a command names the CA certificates it trusted, so that a cause can say which file to replace.</summary>
internal static class CauseWords
{
    /// <summary>For example <c>the --ca files ('other-ca.crt')</c>, or <c>trust.caCertificates of 'mipsecure.json' and the --ca files (…)</c>.</summary>
    public static string TrustList(IReadOnlyList<string> caFiles, string? configurationFile)
    {
        var files = caFiles.Count == 0 ? null : "the --ca files (" + string.Join(", ", caFiles.Select(f => "'" + Path.GetFileName(f) + "'")) + ")";
        var site = configurationFile is null ? null : $"trust.caCertificates of '{Path.GetFileName(configurationFile)}'";
        return string.Join(" and ", new[] { site, files }.Where(t => t is not null)) is { Length: > 0 } text ? text : "the machine's Trusted Root store";
    }
}
