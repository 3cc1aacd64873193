using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using MipSecure.Build.Tests.TestSupport;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Build.Tests.Targets;

/// <summary>The props and targets, run by <c>dotnet msbuild</c> on a small project: wiring, incrementality and switches.</summary>
public sealed class TargetsTests : IDisposable
{
    private const string CheckRan = "MipSecure: checked";
    private readonly TargetsProject _project = new();

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Good_certificate_builds_and_a_second_build_skips_the_check()
    {
        _project.WriteWithCertificate(_project.Certificates.Good("rec1.crt", "rec1.contoso.local"));

        var before = DateTime.UtcNow;
        var first = _project.Build();
        var after = DateTime.UtcNow;
        var stamp = Assert.Single(_project.Stamps());
        // The second build keeps the first one's day even if 00:00 UTC passes in between (a new day rightly reruns the check).
        var second = _project.Build("_MipSecureCheckDate=" + stamp["check-".Length..^".stamp".Length]);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("MipSecure: checked 0 server(s) of the trust configuration and 1 certificate item(s)", first.Output, StringComparison.Ordinal);
        Assert.Contains(stamp, new[] { $"check-{before:yyyy-MM-dd}.stamp", $"check-{after:yyyy-MM-dd}.stamp" });
        Assert.Equal(new[] { stamp }, _project.Stamps());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain(CheckRan, second.Output, StringComparison.Ordinal);
        Assert.Contains("Skipping target \"MipSecureCheckTrust\" because all output files are up-to-date", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_day_or_a_changed_setting_runs_the_check_again()
    {
        _project.WriteWithCertificate(_project.Certificates.Good("rec1.crt", "rec1.contoso.local"));
        Assert.Equal(0, _project.Build().ExitCode);

        var nextDay = _project.Build("_MipSecureCheckDate=2099-01-01");
        var changedSetting = _project.Build("_MipSecureCheckDate=2099-01-01", "MipSecureExpiryWarningDays=45");

        Assert.Contains(CheckRan, nextDay.Output, StringComparison.Ordinal);
        Assert.Contains(CheckRan, changedSetting.Output, StringComparison.Ordinal);
        Assert.Equal(new[] { "check-2099-01-01.stamp" }, _project.Stamps());
    }

    [Fact]
    public void Untrusted_certificate_fails_the_build_with_code_and_file_and_is_checked_again_next_time()
    {
        var certificate = _project.Certificates.Untrusted("rec1.crt", "rec1.contoso.local");
        _project.WriteWithCertificate(certificate);

        var first = _project.Build();
        var second = _project.Build();

        Assert.Equal(1, first.ExitCode);
        Assert.Contains($"{certificate} : MipSecure error MIPSEC1001:", first.Output, StringComparison.Ordinal);
        Assert.Empty(_project.Stamps());
        Assert.Contains("error MIPSEC1001", second.Output, StringComparison.Ordinal);
        Snapshot.Verify(DiagnosticLines(first.Output), scrubber: text => Regex.Replace(text, @"\{TempPath\}/mipsecure-targets-[0-9a-f]+", "{ProjectFolder}"));
    }

    [Fact]
    public void Replacing_a_certificate_that_mipsecure_json_names_runs_the_check_again()
    {
        _project.Certificates.Good("mgmt.crt", "mgmt.contoso.local");
        var recorder = _project.Certificates.Good("rec1.crt", "rec1.contoso.local");
        var site = SiteFiles.Write(_project.Certificates, "mipsecure.json", "rec1.crt");
        _project.Write(string.Empty);

        // One stamp day for all three builds, so 00:00 UTC passing in between cannot rerun the check.
        const string Day = "_MipSecureCheckDate=2000-01-01";
        var first = _project.Build(Day);
        var unchanged = _project.Build(Day);
        File.Copy(_project.Certificates.Untrusted("rec1-foreign.crt", "rec1.contoso.local"), recorder, overwrite: true);
        File.SetLastWriteTimeUtc(recorder, DateTime.UtcNow.AddMinutes(1));
        var replaced = _project.Build(Day);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("MipSecure: checked 2 server(s)", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(CheckRan, unchanged.Output, StringComparison.Ordinal);
        Assert.Equal(1, replaced.ExitCode);
        Assert.Contains(site, replaced.Output, StringComparison.Ordinal);
        Assert.Contains("error MIPSEC2005", replaced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MipSecureEnabled_false_skips_the_check()
    {
        _project.WriteWithCertificate(_project.Certificates.Untrusted("rec1.crt", "rec1.contoso.local"));

        var result = _project.Build("MipSecureEnabled=false");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MIPSEC", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Design_time_builds_skip_the_check()
    {
        _project.WriteWithCertificate(_project.Certificates.Untrusted("rec1.crt", "rec1.contoso.local"));

        var result = _project.Build("DesignTimeBuild=true");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(CheckRan, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiring_certificate_warns_and_MSBuild_severity_switches_apply()
    {
        _project.WriteWithCertificate(_project.Certificates.Expiring("rec1.crt", "rec1.contoso.local", TimeSpan.FromDays(10)));

        var warned = _project.Build();
        var warnedAgain = _project.Build();
        var promoted = _project.Build("MSBuildWarningsAsErrors=MIPSEC1006", "_MipSecureCheckDate=2099-01-02");
        var silenced = _project.Build("MSBuildWarningsAsMessages=MIPSEC1006", "_MipSecureCheckDate=2099-01-03");

        Assert.True(warned.ExitCode == 0, warned.ToString());
        Assert.Contains("warning MIPSEC1006", warned.Output, StringComparison.Ordinal);
        Assert.Contains("warning MIPSEC1006", warnedAgain.Output, StringComparison.Ordinal);
        Assert.Empty(_project.Stamps());
        Assert.Equal(1, promoted.ExitCode);
        Assert.Contains("error MIPSEC1006", promoted.Output, StringComparison.Ordinal);
        Assert.True(silenced.ExitCode == 0, silenced.ToString());
        Assert.DoesNotContain("warning MIPSEC1006", silenced.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MSBuild_without_a_NET_task_host_stops_with_MIPSEC5010()
    {
        _project.WriteWithCertificate(_project.Certificates.Good("rec1.crt", "rec1.contoso.local"));

        var result = _project.Build("_MipSecureTaskHostUnavailable=true");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{_project.ProjectFile} : error MIPSEC5010:", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(CheckRan, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_NET_task_host_registration_used_by_Visual_Studio_runs_the_check()
    {
        // Visual Studio's MSBuild takes this registration (Runtime="NET" through TaskHostFactory); this MSBuild can run it too.
        _project.WriteWithCertificate(_project.Certificates.Untrusted("rec1.crt", "rec1.contoso.local"));

        var result = _project.Build("_MipSecureNeedsNetTaskHost=true", "MipSecureUseTaskHost=false");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error MIPSEC1001", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MIPSEC5010", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Trust_configuration_that_does_not_exist_is_MIPSEC5011()
    {
        _project.Write(string.Empty);

        var result = _project.Build("MipSecureTrustConfig=config/missing.json");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error MIPSEC5011", result.Output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_project.Folder, "config", "missing.json"), result.Output, StringComparison.Ordinal);
    }

    private static string DiagnosticLines(string output) => string.Join(
        "\n",
        output.Split('\n')
            .Select(line => Regex.Replace(line.Trim(), @"^\d+>", string.Empty))
            .Where(line => Regex.IsMatch(line, @"(error|warning) MIPSEC\d{4}"))
            .Select(line => Regex.Replace(line, @"\s*\[[^\]]*\.proj\]$", string.Empty))
            .Distinct());
}
