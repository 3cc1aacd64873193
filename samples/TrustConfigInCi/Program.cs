using System;
using System.IO;
using MipSecure.Trust.Site;

namespace TrustConfigInCi;

/// <summary>Prints the same site report the build checked, from the copy of mipsecure.json beside the program.</summary>
internal static class Program
{
    private static int Main()
    {
        var report = SiteChecker.CheckFile(Path.Combine(AppContext.BaseDirectory, "mipsecure.json"));
        Console.WriteLine(report.ToText());
        return report.ExitCode;
    }
}
