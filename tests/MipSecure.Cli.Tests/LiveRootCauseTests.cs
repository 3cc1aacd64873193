using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>
/// <c>probe</c> of a simulated site with the wrong CA given: every server fails chain validation with the same missing
/// issuer, which is one cause, first, with each server's MIPSEC1001 under it; a server with no CA to judge it is not trusted.
/// </summary>
public sealed class LiveRootCauseTests : IDisposable
{
    private readonly CliRunner _cli = new(realTime: true);
    private readonly TempDirectory _temp = new("mipsecure-live-cause");

    [Fact]
    public async Task Probing_every_server_with_the_wrong_CA_gives_one_cause_first_with_each_refusal_under_it()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer().AddRecordingServer("Recorder 2", "rec2.contoso.local"));
        using var other = CertificateAuthority.CreateRoot("Other CA", TimeProvider.System);
        var otherCa = _temp.File("other-ca.crt");
        File.WriteAllText(otherCa, CertificateAuthority.ExportPem(other.Certificate));
        var args = new List<string> { "probe", site.ManagementServer.Uri.ToString(), site.RecordingServers[0].Uri.ToString(), site.RecordingServers[1].Uri.ToString(), "--ca", otherCa };
        foreach (var host in site.HostMap.Keys)
        {
            args.AddRange(new[] { "--resolve", host + "=127.0.0.1" });
        }

        var json = await _cli.RunAsync(args.Append("--json").ToArray());
        var text = await _cli.RunAsync(args.ToArray());

        Assert.True(json.ExitCode == 1, json.ToString());
        Assert.Equal(1, text.ExitCode);
        using var document = JsonDocument.Parse(json.Output);
        var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal("site", results[0].GetProperty("target").GetString());
        var cause = Assert.Single(results[0].GetProperty("findings").EnumerateArray());
        Assert.Equal("MIPSEC2024", cause.GetProperty("code").GetString());
        Assert.Equal("The certificates of 3 servers are issued by 'CN=MipSecure Simulated Site CA', which no CA certificate in the --ca files ('other-ca.crt') is: it is 'CN=Other CA'.", cause.GetProperty("message").GetString());
        var consequences = cause.GetProperty("consequences").EnumerateArray().ToList();
        Assert.Equal(new[] { "MIPSEC1001", "MIPSEC1001", "MIPSEC1001" }, consequences.Select(c => c.GetProperty("code").GetString()));
        Assert.Equal(results.Skip(1).Select(r => r.GetProperty("target").GetString()), consequences.Select(c => c.GetProperty("target").GetString()));
        Assert.All(results.Skip(1), r => Assert.False(r.GetProperty("trusted").GetBoolean()));
        Assert.All(results.Skip(1), r => Assert.Equal(0, r.GetProperty("findings").GetArrayLength()));

        var lines = text.Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.Equal("site", lines[0]);
        Assert.StartsWith("  MIPSEC2024 error: The certificates of 3 servers", lines[1], StringComparison.Ordinal);
        Assert.Equal("    consequences (3):", lines[4]);
        Assert.Equal(3, lines.Count(l => l.StartsWith("      https://", StringComparison.Ordinal) && l.Contains(": MIPSEC1001 Certificate not issued by a trusted CA", StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count(l => l == "  MIPSEC1001: follows from MIPSEC2024 above"));
        Assert.Equal("3 target(s): 0 trusted, 3 not trusted; 4 error(s) (1 cause, 3 consequences), 0 warning(s).", lines[^1]);
    }

    [Fact]
    public async Task A_probe_with_no_CA_to_judge_by_says_not_checked_never_a_verdict()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer());
        var uri = site.RecordingServers[0].Uri.ToString();

        var json = await _cli.RunAsync("probe", uri, "--resolve", "rec1.contoso.local=127.0.0.1", "--json");
        var text = await _cli.RunAsync("probe", uri, "--resolve", "rec1.contoso.local=127.0.0.1");

        Assert.True(json.ExitCode == 1, json.ToString());
        var target = JsonDocument.Parse(json.Output).RootElement.GetProperty("results")[0];
        Assert.Equal("MIPSEC1020", target.GetProperty("findings")[0].GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, target.GetProperty("trusted").ValueKind);
        Assert.Contains("  encryption: on  trusted: not checked", text.Output, StringComparison.Ordinal);
        Assert.Contains("1 target(s): 0 trusted, 0 not trusted, 1 not checked;", text.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
