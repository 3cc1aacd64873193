using System;
using System.IO;

namespace MipSecure.Build.Tests.TestSupport;

/// <summary>Writes mipsecure.json files for a management server and one recording server, with paths relative to the file.</summary>
public static class SiteFiles
{
    /// <summary>Writes <paramref name="fileName"/> into the certificates' parent folder and returns its full path.</summary>
    public static string Write(
        TestCertificates certificates,
        string fileName,
        string recordingServerCertificate,
        string recordingServerScheme = "https",
        string managementServerCertificate = "mgmt.crt",
        int expiryWarningDays = 30)
    {
        var folder = Path.GetDirectoryName(certificates.Folder)!;
        var certs = Path.GetFileName(certificates.Folder);
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, $$"""
            {
              // The site as the integration's customers run it.
              "trust": { "caCertificates": ["{{certs}}/root.crt"], "expiryWarningDays": {{expiryWarningDays}} },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "{{certs}}/{{managementServerCertificate}}" },
              "recordingServers": [
                {
                  "name": "Recorder 1",
                  "webServerUri": "{{recordingServerScheme}}://rec1.contoso.local:7563/",
                  "certificate": "{{certs}}/{{recordingServerCertificate}}"
                }
              ]
            }
            """);
        return path;
    }

    /// <summary>The 1-based line of the first line of <paramref name="path"/> that contains <paramref name="text"/>.</summary>
    public static int LineOf(string path, string text)
    {
        var lines = File.ReadAllLines(path);
        var index = Array.FindIndex(lines, line => line.Contains(text, StringComparison.Ordinal));
        if (index < 0)
        {
            throw new InvalidOperationException($"'{text}' is not in {path}");
        }

        return index + 1;
    }
}
