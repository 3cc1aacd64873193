using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>
/// <c>mipsecure audit</c> against simulated sites shaped like real deployments; each one must give its findings and exit code.
/// </summary>
public sealed class AuditCommandTests : IDisposable
{
    private const string PasswordVariable = "MIPSECURE_AUDIT_PASSWORD";

    private readonly CliRunner _cli = new(realTime: true);
    private readonly TempDirectory _temp = new("mipsecure-audit");

    [Fact]
    public async Task A_healthy_site_is_trusted_everywhere_the_login_is_proven_and_the_exit_code_is_0()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer().AddRecordingServer().AddRecordingServer("Recorder 2", "rec2.contoso.local").AddFailoverRecorder().AddMobileServer().AddEventServer());

        var result = await AuditAsync(site);

        Assert.True(result.ExitCode == 0, result.ToString());
        var targets = Targets(result);
        Assert.Equal(6, targets.Count);
        Assert.All(targets.Values, t => Assert.True(t.Trusted));
        Assert.Equal("on", targets["event server 'Event Server'"].Encryption);
        Assert.Equal("on", targets["mobile server 'Mobile 1'"].Encryption);
        // One connection: the login is proven over the probe's validated TLS connection.
        Assert.Equal(1, site.GetServer("Recorder 1").AcceptedConnections);
    }

    [Fact]
    public async Task The_text_report_ends_with_the_expiry_timeline_and_the_login_proof()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().AddRecordingServer("Recorder 2", "rec2.contoso.local"));

        var result = await AuditAsync(site, json: false);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Expiry timeline (soonest first):", result.Output, StringComparison.Ordinal);
        Assert.Contains("accepted by 2 of 2 recording server address(es).", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(site.Credentials.Password, result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_on_another_host_is_followed_and_probed_too()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer("mgmt.contoso.local", d => d with { ApiGatewayHostName = "api.contoso.local" })
            .AddRecordingServer());

        var result = await AuditAsync(site);

        Assert.True(result.ExitCode == 0, result.ToString());
        var targets = Targets(result);
        Assert.True(targets["management server 'API gateway'"].Trusted);
        Assert.Contains(targets.Keys, k => k == "recording server 'Recorder 1'");
    }

    [Fact]
    public async Task An_unreachable_public_address_is_an_error_for_clients_outside_and_no_concern_for_clients_inside()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { PublicHostName = "rec1.contoso.com", PublicAddressReachable = false }));

        var local = await AuditAsync(site, extra: new[] { "--address", "local" });
        var both = await AuditAsync(site, extra: new[] { "--address", "both" });

        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Equal(1, both.ExitCode);
        var outside = JsonTargets(both).Single(t => t.Target.Contains("rec1.contoso.com", StringComparison.Ordinal));
        Assert.Equal("recording server 'Recorder 1'", outside.Server);
        Assert.Equal("unreachable", outside.Encryption);
        Assert.True(MipSecCodes.TryGet(outside.Codes[0], out var code) && code.Category == MipSecCodeCategory.Connection, outside.Codes[0]);
        Assert.True(JsonTargets(both).Single(t => t.Target.Contains("rec1.contoso.local", StringComparison.Ordinal)).Trusted);
    }

    [Fact]
    public async Task A_certificate_without_the_public_name_fails_for_the_public_address_only()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { PublicHostName = "rec1.contoso.com", CertificateNamesPublicHost = false }));

        var local = await AuditAsync(site);
        var publicSide = await AuditAsync(site, extra: new[] { "--address", "public" });
        var both = await AuditAsync(site, extra: new[] { "--address", "both" });

        Assert.True(local.ExitCode == 0, local.ToString());
        Assert.Equal(1, publicSide.ExitCode);
        Assert.Contains("MIPSEC1002", Assert.Single(JsonTargets(publicSide), t => t.Server == "recording server 'Recorder 1'").Codes);
        Assert.Equal(1, both.ExitCode);
        Assert.Contains("MIPSEC1002", JsonTargets(both).Single(t => t.Target.Contains("rec1.contoso.com", StringComparison.Ordinal)).Codes);
    }

    [Fact]
    public async Task A_disabled_recorder_is_left_out_unless_include_disabled_is_given()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer()
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Enabled = false, CertificateProfile = CertificateProfile.Expired }));

        var enabled = await AuditAsync(site);
        var all = await AuditAsync(site, extra: new[] { "--include-disabled" });

        Assert.True(enabled.ExitCode == 0, enabled.ToString());
        Assert.DoesNotContain(Targets(enabled).Keys, k => k.Contains("Recorder 2", StringComparison.Ordinal));
        Assert.Equal(1, all.ExitCode);
        Assert.Contains("MIPSEC1004", Targets(all)["recording server 'Recorder 2'"].Codes);
    }

    [Fact]
    public async Task An_operator_role_user_gets_a_finding_that_says_so_and_what_was_still_checked()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().WithUserRole(SimulatedUserRole.Operator));

        var result = await AuditAsync(site);

        Assert.Equal(1, result.ExitCode);
        var targets = Targets(result);
        var management = targets["management server 'mgmt.contoso.local'"];
        Assert.Equal("on", management.Encryption);
        Assert.Contains("MIPSEC4030", management.Codes);
        Assert.Contains("MIPSEC4030", targets["site"].Codes);
        Assert.Contains("management server only", targets["site"].Messages.Single(), StringComparison.Ordinal);
        Assert.Equal(2, targets.Count);
    }

    [Fact]
    public async Task A_user_in_no_role_is_reported_with_MIPSEC4015_on_the_management_server_and_logs_in_once()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().WithUserRole(SimulatedUserRole.NoRole));

        var result = await AuditAsync(site);

        Assert.Equal(1, result.ExitCode);
        var management = Targets(result)["management server 'mgmt.contoso.local'"];
        Assert.Equal("on", management.Encryption);
        Assert.Contains("MIPSEC4015", management.Codes);
        Assert.Contains(management.Messages, m => m.Contains("at least one role", StringComparison.Ordinal));
        Assert.Equal(1, site.LoginRequests);
        Assert.Empty(site.Logins);
    }

    [WindowsLoginFact]
    public async Task A_windows_user_logs_in_with_negotiate_and_the_login_is_proven_on_every_recorder()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().AddRecordingServer("Recorder 2", "rec2.contoso.local").WithWindowsUser("CONTOSO"));
        var user = site.WindowsUser!;
        _cli.Environment[PasswordVariable] = user.Password;

        var result = await AuditAsync(site, login: new[] { "--windows", "--user", user.QualifiedName, "--password-variable", PasswordVariable });
        var text = await AuditAsync(site, json: false, login: new[] { "--windows", "--user", user.QualifiedName, "--password-variable", PasswordVariable });

        Assert.True(result.ExitCode == 0, result.ToString());
        var targets = Targets(result);
        Assert.All(targets.Values, t => Assert.True(t.Trusted));
        Assert.Empty(targets["recording server 'Recorder 2'"].Codes);
        Assert.Equal(2, site.Logins.Count);
        Assert.Contains("accepted by 2 of 2 recording server address(es).", text.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(user.Password, result.Output + result.Error + text.Output + text.Error, StringComparison.Ordinal);
    }

    [WindowsLoginFact]
    public async Task A_wrong_windows_password_is_MIPSEC4007_on_the_management_server()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().WithWindowsUser("CONTOSO"));
        var user = site.WindowsUser!;
        _cli.Environment[PasswordVariable] = "not-" + user.Password;

        var result = await AuditAsync(site, login: new[] { "--windows", "--user", user.QualifiedName, "--password-variable", PasswordVariable });

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MIPSEC4007", Targets(result)["management server 'mgmt.contoso.local'"].Codes);
        Assert.Equal(0, site.LoginRequests);
    }

    [Fact]
    public async Task Without_camera_the_proof_asks_the_first_camera_of_each_recorders_hardware_for_a_frame()
    {
        // Recorder 2's camera is listed but its user may not view it: only a real request for that camera can tell.
        var hidden = new SimulatedCamera(Guid.NewGuid(), "Vault") { UserMayView = false };
        var empty = new SimulatedCamera(Guid.NewGuid(), "Archive") { HasRecordings = false };
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer()
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Cameras = new[] { hidden } })
            .AddRecordingServer("Recorder 3", "rec3.contoso.local", d => d with { Cameras = new[] { empty } })
            .AddRecordingServer("Recorder 4", "rec4.contoso.local", d => d with { Cameras = Array.Empty<SimulatedCamera>() }));

        var result = await AuditAsync(site);
        var text = await AuditAsync(site, json: false);

        Assert.Equal(1, result.ExitCode);
        var targets = Targets(result);
        Assert.Empty(targets["recording server 'Recorder 1'"].Codes);
        Assert.Equal(new[] { "MIPSEC4032" }, targets["recording server 'Recorder 2'"].Codes);
        Assert.Contains("camera 'Vault'", targets["recording server 'Recorder 2'"].Messages.Single(), StringComparison.Ordinal);
        Assert.Empty(targets["recording server 'Recorder 3'"].Codes);
        Assert.Equal(new[] { "MIPSEC4024" }, targets["recording server 'Recorder 4'"].Codes);
        Assert.Contains("no enabled camera", targets["recording server 'Recorder 4'"].Messages.Single(), StringComparison.Ordinal);
        Assert.Contains("accepted by 3 of 4 recording server address(es).", text.Output, StringComparison.Ordinal);
        Assert.Contains("recording server 'Recorder 4': MIPSEC4024 token accepted, no frame asked for", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_camera_option_overrides_the_configuration()
    {
        var hidden = new SimulatedCamera(Guid.NewGuid(), "Vault") { UserMayView = false };
        var shown = new SimulatedCamera(Guid.NewGuid(), "Lobby");
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { Cameras = new[] { hidden, shown } }));

        var listed = await AuditAsync(site);
        var given = await AuditAsync(site, extra: new[] { "--camera", shown.Id.ToString() });

        Assert.Equal(new[] { "MIPSEC4032" }, Targets(listed)["recording server 'Recorder 1'"].Codes);
        Assert.True(given.ExitCode == 0, given.ToString());
        Assert.Empty(Targets(given)["recording server 'Recorder 1'"].Codes);
    }

    [Fact]
    public async Task A_site_without_registered_services_gets_a_note_not_an_error()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().AddMobileServer().WithoutRegisteredServices());

        var result = await AuditAsync(site);

        Assert.True(result.ExitCode == 0, result.ToString());
        var targets = Targets(result);
        Assert.Equal(new[] { "MIPSEC2020" }, targets["site"].Codes);
        Assert.DoesNotContain(targets.Keys, k => k.StartsWith("mobile server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_recorder_that_refuses_the_token_fails_the_login_proof_with_its_code()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer()
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Fault = ServerFault.ExpireTokensEarly(TimeSpan.Zero) }));

        var result = await AuditAsync(site);

        Assert.Equal(1, result.ExitCode);
        var targets = Targets(result);
        Assert.Equal(new[] { "MIPSEC4031" }, targets["recording server 'Recorder 2'"].Codes);
        Assert.Empty(targets["recording server 'Recorder 1'"].Codes);
        Assert.Equal("on", targets["recording server 'Recorder 2'"].Encryption);
    }

    [Fact]
    public async Task A_hanging_recorder_is_reported_within_the_timeout()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer()
            .AddRecordingServer("Hanging", "hang.contoso.local", d => d with { Fault = ServerFault.AcceptThenHang() }));
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        var result = await AuditAsync(site, extra: new[] { "--timeout", "3" });

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        Assert.Equal(1, result.ExitCode);
        var hanging = Targets(result)["recording server 'Hanging'"];
        Assert.Equal("unreachable", hanging.Encryption);
        Assert.Contains("MIPSEC4005", hanging.Codes);
        Assert.True(elapsed < TimeSpan.FromSeconds(20), $"took {elapsed}");
    }

    [Fact]
    public async Task A_plaintext_recorder_that_stays_silent_on_a_client_hello_is_plaintext_not_unreachable()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer()
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Encrypted = false, Fault = ServerFault.SilentExceptImageServer() }));

        var result = await AuditAsync(site, extra: new[] { "--timeout", "3" });

        Assert.Equal(1, result.ExitCode);
        var silent = Targets(result)["recording server 'Recorder 2'"];
        Assert.Equal("off", silent.Encryption);
        Assert.Equal(new[] { "MIPSEC2001" }, silent.Codes);
        Assert.True(Targets(result)["recording server 'Recorder 1'"].Trusted);
    }

    [Fact]
    public async Task The_site_written_with_write_config_gets_the_same_verdicts_from_check()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { PublicHostName = "rec1.contoso.com" })
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { CertificateProfile = CertificateProfile.Expired })
            .AddRecordingServer("Recorder 3", "rec3.contoso.local", d => d with { CertificateProfile = CertificateProfile.WrongHost })
            .AddRecordingServer("Recorder 4", "rec4.contoso.local", d => d with { Encrypted = false })
            .AddFailoverRecorder("Failover 1", "fo1.contoso.local", d => d with { Encrypted = false })
            .AddMobileServer());
        var config = _temp.File("captured/mipsecure.json");

        var audit = await AuditAsync(site, extra: new[] { "--address", "both", "--write-config", config });
        var check = await _cli.RunAsync("check", config, "--json");
        var again = await AuditAsync(site, extra: new[] { "--write-config", config });

        Assert.Equal(1, audit.ExitCode);
        Assert.True(check.ExitCode == audit.ExitCode, check.ToString());
        var live = JsonTargets(audit).Where(t => t.Server is not null).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.All(t => t.Trusted));
        var offline = JsonTargets(check).Where(t => t.Server is not null).ToDictionary(t => t.Name, t => t.Trusted);
        Assert.Equal(live.OrderBy(p => p.Key), offline.OrderBy(p => p.Key));
        Assert.Contains("MIPSEC1004", JsonTargets(check).Single(t => t.Server == "recording server 'Recorder 2'").Codes);
        Assert.Contains("MIPSEC1002", JsonTargets(check).Single(t => t.Server == "recording server 'Recorder 3'").Codes);
        Assert.Contains("MIPSEC2001", JsonTargets(check).Single(t => t.Server == "recording server 'Recorder 4'").Codes);
        Assert.True(File.Exists(_temp.File("captured/certs/recorder-1.crt")));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("MIPSEC2023", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_password_variable_is_one_coded_line_that_names_it()
    {
        var result = await _cli.RunAsync("audit", "https://mgmt.contoso.local/", "--user", "auditor", "--password-variable", "MIPSECURE_NOT_SET", "--ca", "ca.crt");

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("MIPSEC3007: --password-variable MIPSECURE_NOT_SET: the environment variable is not set or empty", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_without_credentials_is_a_usage_error()
    {
        var result = await _cli.RunAsync("audit", "https://mgmt.contoso.local/");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--user NAME and --password-variable VAR", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_site_trusted_with_the_wrong_CA_gives_one_cause_first_with_every_refusal_under_it()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer());
        using var other = CertificateAuthority.CreateRoot("Other CA", TimeProvider.System);
        var otherCa = _temp.File("other-ca.crt");
        File.WriteAllText(otherCa, CertificateAuthority.ExportPem(other.Certificate));

        var json = await AuditAsync(site, caFile: otherCa);
        var text = await AuditAsync(site, json: false, caFile: otherCa);

        Assert.Equal(1, json.ExitCode);
        Assert.Equal(1, text.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("site", results[0].GetProperty("target").GetString());
        var cause = results[0].GetProperty("findings")[0];
        Assert.Equal("MIPSEC2024", cause.GetProperty("code").GetString());
        Assert.Contains("which no CA certificate in the --ca files ('other-ca.crt') is: it is 'CN=Other CA'", cause.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("in place of 'CN=Other CA' in the --ca files ('other-ca.crt')", cause.GetProperty("fix").GetString(), StringComparison.Ordinal);
        var consequences = cause.GetProperty("consequences").EnumerateArray().ToList();
        Assert.True(consequences.Count >= 2, json.Output);
        Assert.True(consequences.Any(c => c.GetProperty("code").GetString() == "MIPSEC1001"), json.Output);
        Assert.All(consequences, c => Assert.False(string.IsNullOrEmpty(c.GetProperty("fix").GetString())));
        Assert.All(consequences, c => Assert.StartsWith(MipSecCode.HelpBaseAddress, c.GetProperty("helpLink").GetString(), StringComparison.Ordinal));
        var management = results.Single(r => r.GetProperty("server").GetString() == "management server 'mgmt.contoso.local'");
        Assert.False(management.GetProperty("trusted").GetBoolean());
        Assert.DoesNotContain(management.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "MIPSEC1001");

        var lines = text.Output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var first = lines.FindIndex(l => l.Contains(" error: ", StringComparison.Ordinal));
        Assert.Contains("MIPSEC2024 error: ", lines[first], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("    consequences (", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("      management server 'mgmt.contoso.local': MIPSEC1001 ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(" cause, ", StringComparison.Ordinal) && l.Contains(" consequences)", StringComparison.Ordinal));
    }

    public void Dispose() => _temp.Dispose();

    private async Task<CliResult> AuditAsync(SimulatedSite site, bool json = true, IEnumerable<string>? extra = null, IEnumerable<string>? login = null, string? caFile = null)
    {
        var ca = caFile ?? _temp.File("site-ca-" + site.ManagementServer.Uri.Port + ".crt");
        if (!File.Exists(ca))
        {
            File.WriteAllText(ca, site.RootCertificatePem);
        }

        var args = new List<string> { "audit", site.ManagementServer.Uri.ToString() };
        if (login is null)
        {
            _cli.Environment[PasswordVariable] = site.Credentials.Password;
            args.AddRange(new[] { "--user", site.Credentials.UserName, "--password-variable", PasswordVariable });
        }
        else
        {
            args.AddRange(login);
        }

        args.AddRange(new[] { "--ca", ca });
        foreach (var host in site.HostMap.Keys)
        {
            args.Add("--resolve");
            args.Add(host + "=127.0.0.1");
        }

        if (json)
        {
            args.Add("--json");
        }

        args.AddRange(extra ?? Array.Empty<string>());
        return await _cli.RunAsync(args.ToArray());
    }

    private static Dictionary<string, JsonTarget> Targets(CliResult result)
    {
        var targets = JsonTargets(result);
        var duplicated = targets.GroupBy(t => t.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicated.Count == 0, "several targets for " + string.Join(", ", duplicated) + "\n" + result);
        return targets.ToDictionary(t => t.Name);
    }

    private static List<JsonTarget> JsonTargets(CliResult result)
    {
        using var document = JsonDocument.Parse(result.Output);
        return document.RootElement.GetProperty("results").EnumerateArray().Select(r => new JsonTarget(
            r.GetProperty("target").GetString()!,
            r.GetProperty("server").GetString(),
            r.GetProperty("encryption").GetString(),
            r.GetProperty("findings").EnumerateArray().All(f => f.GetProperty("severity").GetString() != "error"),
            r.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()!).ToList(),
            r.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("message").GetString()!).ToList())).ToList();
    }

    /// <param name="Trusted">No error finding: the verdict <c>check</c> and <c>audit</c> share (JSON <c>trusted</c> is null without a certificate).</param>
    private sealed record JsonTarget(string Target, string? Server, string? Encryption, bool Trusted, List<string> Codes, List<string> Messages)
    {
        public string Name => Server ?? Target;
    }
}
