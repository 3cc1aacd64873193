using System.IO;

namespace MipSecure.TestUtilities;

/// <summary>
/// Writes a NuGet.config for a project built outside the repository: a local feed of freshly packed MipSecure packages first,
/// nuget.org for the rest, and a private packages folder so a stale cached package never leaks between runs.
/// </summary>
public static class IsolatedNuGetConfig
{
    public static void Write(string folder, string feed, string packagesFolder) =>
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="mipsecure-test-feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
              <!-- MipSecure packages come from the fresh feed only, never from a namesake elsewhere. -->
              <packageSourceMapping>
                <packageSource key="mipsecure-test-feed"><package pattern="MipSecure" /><package pattern="MipSecure.*" /></packageSource>
                <packageSource key="nuget.org"><package pattern="*" /></packageSource>
              </packageSourceMapping>
              <config>
                <add key="globalPackagesFolder" value="{packagesFolder}" />
              </config>
            </configuration>
            """);
}
