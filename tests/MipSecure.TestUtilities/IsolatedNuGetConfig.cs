using System.IO;

namespace MipSecure.TestUtilities;

/// <summary>
/// Writes a NuGet.config for a project built outside the repository, the way a user adds a local feed: the folder of freshly
/// packed MipSecure packages joins the machine's default package sources (no &lt;clear /&gt;), and a private packages folder
/// keeps a stale cached package from leaking between runs. The test packages' prerelease versions exist on no other source.
/// </summary>
public static class IsolatedNuGetConfig
{
    public static void Write(string folder, string feed, string packagesFolder) =>
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="mipsecure-test-feed" value="{feed}" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{packagesFolder}" />
              </config>
            </configuration>
            """);
}
