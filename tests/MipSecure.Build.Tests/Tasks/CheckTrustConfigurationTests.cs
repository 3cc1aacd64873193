using System;
using System.IO;
using System.Linq;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Build.Tests.TestSupport;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Build.Tests.Tasks;

/// <summary>The task alone, run with a fake build engine: each item-based finding reaches MSBuild with its code and file.</summary>
public sealed class CheckTrustConfigurationTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("mipsecure-task");
    private readonly FakeTimeProvider _time = new(Now);
    private readonly TestCertificates _pki;
    private readonly FakeBuildEngine _engine = new();

    public CheckTrustConfigurationTests()
    {
        _pki = new TestCertificates(_temp.Path, _time);
    }

    public void Dispose()
    {
        _pki.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public void Good_certificate_passes_without_diagnostics()
    {
        var task = CreateTask(Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), "rec1.contoso.local", "RecordingServer"));

        Assert.True(task.Execute(), _engine.Render());
        Assert.Empty(_engine.Errors);
        Assert.Empty(_engine.Warnings);
        Assert.Equal(1, task.CheckedCertificates);
    }

    [Fact]
    public void Certificate_from_another_CA_is_an_error_at_the_certificate_file()
    {
        var file = _pki.Untrusted("rec1.crt", "rec1.contoso.local");
        var task = CreateTask(Certificate(file, "rec1.contoso.local", "RecordingServer"));

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors, e => e.Code == "MIPSEC1001");
        Assert.Equal(file, error.File);
        Assert.Equal("MipSecure", error.Subcategory);
        Assert.EndsWith("docs/errors/MIPSEC1001.md", error.HelpLink, StringComparison.Ordinal);
        Assert.Contains("recording server rec1.contoso.local", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_name_missing_from_the_certificate_is_an_error()
    {
        var task = CreateTask(Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), "rec2.contoso.local", "RecordingServer"));

        Assert.False(task.Execute());
        Assert.Contains("MIPSEC1002", _engine.ErrorCodes);
    }

    [Fact]
    public void Expired_certificate_is_an_error()
    {
        var task = CreateTask(Certificate(_pki.Expiring("mgmt.crt", "mgmt.contoso.local", TimeSpan.FromDays(-2)), "mgmt.contoso.local", "ManagementServer"));

        Assert.False(task.Execute());
        Assert.Contains("MIPSEC1004", _engine.ErrorCodes);
    }

    [Fact]
    public void Certificate_expiring_within_the_window_warns_and_the_task_succeeds()
    {
        var task = CreateTask(Certificate(_pki.Expiring("mobile.crt", "mobile.contoso.local", TimeSpan.FromDays(20)), "mobile.contoso.local", "MobileServer"));

        Assert.True(task.Execute(), _engine.Render());
        Assert.Equal(new[] { "MIPSEC1006" }, _engine.WarningCodes.ToArray());
    }

    [Fact]
    public void Expiry_window_comes_from_the_property()
    {
        var task = CreateTask(Certificate(_pki.Expiring("mobile.crt", "mobile.contoso.local", TimeSpan.FromDays(20)), "mobile.contoso.local", "MobileServer"));
        task.ExpiryWarningDays = "10";

        Assert.True(task.Execute());
        Assert.Empty(_engine.Warnings);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("99999")]
    public void Invalid_expiry_window_is_a_coded_error_at_the_project(string value)
    {
        var task = CreateTask(Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), "rec1.contoso.local", "RecordingServer"));
        task.ExpiryWarningDays = value;

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MIPSEC5015", error.Code);
        Assert.Equal(_engine.ProjectFileOfTaskNode, error.File);
    }

    [Fact]
    public void Item_without_host_name_is_an_error_at_the_project()
    {
        var task = CreateTask(Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), hostName: "", role: "RecordingServer"));

        Assert.False(task.Execute());
        Assert.Equal("MIPSEC5012", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Unknown_role_is_an_error()
    {
        var task = CreateTask(Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), "rec1.contoso.local", "Recorder"));

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MIPSEC5013", error.Code);
        Assert.Contains("RecordingServer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Certificates_without_any_trusted_CA_are_an_error()
    {
        var task = CreateTask(Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), "rec1.contoso.local", "RecordingServer"));
        task.TrustedCertificateAuthorities = Array.Empty<ITaskItem>();

        Assert.False(task.Execute());
        Assert.Equal("MIPSEC5014", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Garbage_certificate_file_is_a_coded_error_not_a_crash()
    {
        var file = _temp.File("garbage.crt");
        File.WriteAllText(file, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        var task = CreateTask(Certificate(file, "rec1.contoso.local", "RecordingServer"));

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.True(MipSecCodes.TryGet(error.Code, out var code) && code.Category == MipSecCodeCategory.UnreadableInput, error.Code);
        Assert.Equal(file, error.File);
        Assert.DoesNotContain(error.Code, error.Message, StringComparison.Ordinal);
        Assert.Contains(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_certificate_file_is_a_coded_error()
    {
        var task = CreateTask(Certificate(_temp.File("missing.crt"), "rec1.contoso.local", "RecordingServer"));

        Assert.False(task.Execute());
        Assert.Equal("MIPSEC3001", Assert.Single(_engine.Errors).Code);
    }

    [Fact]
    public void Unreadable_trusted_CA_file_is_a_coded_error_at_that_file()
    {
        var badCa = _temp.File("bad-root.crt");
        File.WriteAllText(badCa, string.Empty);
        var task = CreateTask(Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), "rec1.contoso.local", "RecordingServer"));
        task.TrustedCertificateAuthorities = new ITaskItem[] { new TaskItem(badCa) };

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MIPSEC3002", error.Code);
        Assert.Equal(badCa, error.File);
    }

    [Fact]
    public void Password_variable_that_is_not_set_is_a_coded_error_that_names_the_variable_only()
    {
        var item = Certificate(_pki.Good("mobile.crt", "mobile.contoso.local"), "mobile.contoso.local", "MobileServer");
        item.SetMetadata("PasswordVariable", "MIPSECURE_TEST_UNSET_" + Guid.NewGuid().ToString("N"));
        var task = CreateTask(item);

        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("MIPSEC3007", error.Code);
        Assert.Contains("MIPSECURE_TEST_UNSET_", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnostics_read_as_a_user_sees_them()
    {
        var task = CreateTask(
            Certificate(_pki.Good("rec1.crt", "rec1.contoso.local"), "rec1.contoso.local", "RecordingServer"),
            Certificate(_pki.Untrusted("rec2.crt", "rec2.contoso.local"), "rec2.contoso.local", "RecordingServer"),
            Certificate(_pki.Good("fo1.crt", "fo1.contoso.local"), "failover.contoso.local", "FailoverRecorder"),
            Certificate(_pki.Expiring("mgmt.crt", "mgmt.contoso.local", TimeSpan.FromDays(12)), "mgmt.contoso.local", "ManagementServer"));

        Assert.False(task.Execute());
        Snapshot.Verify(_engine.Render().Replace(_temp.Path, "{CertificateFolder}", StringComparison.Ordinal));
    }

    private CheckTrustConfiguration CreateTask(params ITaskItem[] certificates) => new()
    {
        BuildEngine = _engine,
        TimeProvider = _time,
        Certificates = certificates,
        TrustedCertificateAuthorities = new ITaskItem[] { new TaskItem(_pki.RootFile) },
    };

    private static TaskItem Certificate(string path, string hostName, string role)
    {
        var item = new TaskItem(path);
        item.SetMetadata("HostName", hostName);
        item.SetMetadata("Role", role);
        return item;
    }
}
