using System;
using System.IO;
using MipSecure.Trust.Site;

namespace TrustConfigInCi;

/// <summary>Prints the findings the build checked, from the copy of mipsecure.json beside the program.</summary>
internal static class Program
{
    private static int Main()
    {
        var report = SiteChecker.CheckFile(Path.Combine(AppContext.BaseDirectory, "mipsecure.json"));
        foreach (var finding in report.Findings)
        {
            // file(line,column): error MIPSEC2001: message, the format editors and build logs link to the file.
            Console.WriteLine(finding);
            Console.WriteLine("  fix: " + finding.Remedy);
        }

        Console.WriteLine($"{report.Servers.Count} server(s): {report.ErrorCount} error(s), {report.WarningCount} warning(s).");
        return report.HasUnreadableInput ? 3 : report.HasErrors ? 1 : 0;
    }
}
