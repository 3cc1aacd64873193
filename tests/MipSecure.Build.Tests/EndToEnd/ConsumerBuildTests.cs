using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using MipSecure.Build.Tests.TestSupport;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Build.Tests.EndToEnd;

/// <summary>
/// A fresh project outside the repository consumes the packed package from the feed and builds with
/// <c>dotnet build --disable-build-servers</c>: good sites build, broken ones fail with code and file:line.
/// </summary>
[Collection(PackedFeedGroup.Name)]
public sealed class ConsumerBuildTests
{
    private readonly PackedFeedFixture _feed;

    public ConsumerBuildTests(PackedFeedFixture feed)
    {
        _feed = feed;
    }

    [Fact]
    public void Good_site_builds_and_a_second_build_does_not_rerun_the_check()
    {
        var consumer = _feed.CreateConsumer("GoodSite");
        File.Copy(_feed.WriteSite("good.json", "rec1.crt"), Path.Combine(consumer, "mipsecure.json"));
        RewriteCertificatePaths(Path.Combine(consumer, "mipsecure.json"));

        // Both builds share a stamp day, so 00:00 UTC passing in between cannot rerun the check.
        const string Day = "-p:_MipSecureCheckDate=2000-01-01";
        var first = Build(consumer, restore: true, Day);
        var stamp = Assert.Single(Directory.GetFiles(Path.Combine(consumer, "obj"), "check-*.stamp", SearchOption.AllDirectories));
        var stampTime = File.GetLastWriteTimeUtc(stamp);
        var second = Build(consumer, restore: false, Day);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("MipSecure: checked 2 server(s)", first.Output, StringComparison.Ordinal);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("MipSecure: checked", second.Output, StringComparison.Ordinal);
        Assert.Equal(stampTime, File.GetLastWriteTimeUtc(stamp));
    }

    [Theory]
    [InlineData("http-recorder.json", "rec1.crt", "http", "MIPSEC2001")]
    [InlineData("foreign-ca.json", "rec1-foreign.crt", "https", "MIPSEC2005")]
    [InlineData("misnamed.json", "rec1-misnamed.crt", "https", "MIPSEC1002")]
    [InlineData("expired.json", "rec1-expired.crt", "https", "MIPSEC1004")]
    public void Broken_site_fails_with_the_code_at_the_entry_line(string siteFile, string recorderCertificate, string scheme, string code)
    {
        var consumer = _feed.CreateConsumer("Broken" + Path.GetFileNameWithoutExtension(siteFile).Replace("-", string.Empty, StringComparison.Ordinal));
        var site = _feed.WriteSite(siteFile, recorderCertificate, scheme);

        var result = Build(consumer, restore: true, "-p:MipSecureTrustConfig=" + site);

        Assert.Equal(1, result.ExitCode);
        Assert.True(Regex.IsMatch(result.Output, Regex.Escape(site) + @"\(\d+,\d+\): MipSecure error " + code + ":"), result.ToString());
    }

    [Fact]
    public void Expiring_certificate_warns_and_the_build_succeeds()
    {
        var consumer = _feed.CreateConsumer("ExpiringSite");
        var site = _feed.WriteSite("expiring.json", "rec1-expiring.crt");

        var result = Build(consumer, restore: true, "-p:MipSecureTrustConfig=" + site);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(Regex.IsMatch(result.Output, Regex.Escape(site) + @"\(\d+,\d+\): MipSecure warning MIPSEC1006:"), result.ToString());
    }

    [Fact]
    public void A_project_with_two_target_frameworks_checks_its_site_once_and_reports_once()
    {
        // net48 builds here against the .NET Framework reference assemblies the SDK restores for it.
        var consumer = _feed.CreateConsumer("TwoFrameworks", targetFrameworks: "net8.0;net48");
        var site = _feed.WriteSite("two-frameworks.json", "rec1-expiring.crt");

        var result = Build(consumer, restore: true, "-p:MipSecureTrustConfig=" + site);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, Regex.Count(BeforeSummary(result), "MipSecure: checked 2 server"));
        Assert.Equal(1, Regex.Count(BeforeSummary(result), "MipSecure warning MIPSEC1006:"));
        Assert.True(File.Exists(Path.Combine(consumer, "bin", "Debug", "net48", "TwoFrameworks.dll")), result.ToString());
        Assert.True(File.Exists(Path.Combine(consumer, "bin", "Debug", "net8.0", "TwoFrameworks.dll")), result.ToString());
    }

    [Fact]
    public void One_framework_of_a_multi_targeted_project_built_alone_still_checks_its_site()
    {
        var consumer = _feed.CreateConsumer("OneOfTwoFrameworks", targetFrameworks: "net8.0;net48");
        var site = _feed.WriteSite("one-of-two.json", "rec1-expired.crt");

        var result = Build(consumer, restore: true, "-p:MipSecureTrustConfig=" + site, "-f", "net48");

        Assert.Equal(1, result.ExitCode);
        Assert.True(Regex.Count(BeforeSummary(result), "MipSecure error MIPSEC1004:") == 1, result.ToString());
    }

    [Fact]
    public void Code_that_disables_validation_gets_the_analyzer_warning()
    {
        var consumer = _feed.CreateConsumer("DisablesValidation", new Dictionary<string, string>
        {
            ["Connection.cs"] = """
                using System.Net.Http;

                namespace Consumer;

                public static class Connection
                {
                    public static HttpClient Create() => new(new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true,
                    });
                }
                """,
        });

        var result = Build(consumer, restore: true);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(Regex.IsMatch(result.Output, @"Connection\.cs\(9,53\): warning MIPSEC5001:"), result.ToString());
    }

    /// <summary>The log without the build's closing summary, which repeats every warning and error (the restore has its own, earlier).</summary>
    private static string BeforeSummary(DotnetResult result)
    {
        var end = Regex.Match(result.Output, @"^Build (succeeded|FAILED)\.", RegexOptions.Multiline | RegexOptions.RightToLeft);
        Assert.True(end.Success, result.ToString());
        return result.Output.Substring(0, end.Index);
    }

    private static DotnetResult Build(string folder, bool restore = false, params string[] more)
    {
        var arguments = new List<string> { "build", "--disable-build-servers", "-nologo", "-v:n", "-tl:off" };
        if (!restore)
        {
            arguments.Add("--no-restore");
        }

        arguments.AddRange(more);
        return PackedFeedFixture.Dotnet(folder, arguments.ToArray());
    }

    private void RewriteCertificatePaths(string siteFile)
    {
        // The copied site sits in the project folder: point its relative certificate paths at the shared certificates.
        var certs = _feed.Certificates.Folder.Replace('\\', '/');
        File.WriteAllText(siteFile, File.ReadAllText(siteFile).Replace("\"certs/", "\"" + certs + "/", StringComparison.Ordinal));
    }
}
