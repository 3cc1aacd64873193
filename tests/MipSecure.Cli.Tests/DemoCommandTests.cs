using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Cli.Commands;
using MipSecure.TestUtilities;
using MipSecure.Trust;
using Xunit;

namespace MipSecure.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_once_reports_every_planted_problem_and_exits_1()
    {
        var cli = new CliRunner(realTime: true);

        var result = await cli.RunAsync("demo", "--once");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("'Recorder 2'", Line(result.Output, "MIPSEC1004"), StringComparison.Ordinal);
        Assert.Contains("rec3.contoso.local", Line(result.Output, "MIPSEC1002"), StringComparison.Ordinal);
        Assert.Contains("'Recorder 4'", Line(result.Output, "MIPSEC2001"), StringComparison.Ordinal);
        Assert.Contains("'Failover 1'", Line(result.Output, "MIPSEC2002"), StringComparison.Ordinal);
        Assert.Contains("Expiry timeline", result.Output, StringComparison.Ordinal);
        Snapshot.Verify(result.Output, scrubber: ScrubVolatile);
    }

    [Theory]
    [InlineData(ServerRole.ManagementServer, "management server 'Server 1'")]
    [InlineData(ServerRole.RecordingServer, "recording server 'Server 1'")]
    [InlineData(ServerRole.FailoverRecorder, "failover recorder 'Server 1'")]
    [InlineData(ServerRole.MobileServer, "mobile server 'Server 1'")]
    [InlineData(ServerRole.EventServer, "event server 'Server 1'")]
    public void A_role_has_one_wording_in_live_results_and_in_site_reports(ServerRole role, string description)
    {
        var endpoint = new MipSecure.Endpoints.XProtectEndpoint(new Uri("https://srv1.contoso.local/"), role, "Server 1");

        Assert.Equal(description, endpoint.Description);
        Assert.Equal(description, role.Describe("Server 1"));
    }

    [Fact]
    public async Task Demo_json_gives_one_result_per_server_with_its_encryption()
    {
        var cli = new CliRunner(realTime: true);

        var result = await cli.RunAsync("demo", "--once", "--json");

        Assert.Equal(1, result.ExitCode);
        using var document = JsonDocument.Parse(result.Output);
        // One result per address dialled: "server" names the server, "target" is the address, as in every command.
        var results = document.RootElement.GetProperty("results").EnumerateArray()
            .Where(r => r.GetProperty("server").ValueKind == JsonValueKind.String)
            .Select(r => (Server: r.GetProperty("server").GetString()!, Scheme: new Uri(r.GetProperty("target").GetString()!).Scheme, Encryption: r.GetProperty("encryption").GetString()))
            .ToList();
        string? EncryptionOf(string server, string scheme) => results.Single(r => r.Server == server && r.Scheme == scheme).Encryption;
        Assert.Equal("on", EncryptionOf("recording server 'Recorder 1'", "https"));
        Assert.Equal("off", EncryptionOf("recording server 'Recorder 4'", "http"));
        Assert.Equal("off", EncryptionOf("failover recorder 'Failover 1'", "http"));
        Assert.Equal("on", EncryptionOf("mobile server 'Mobile 1'", "https"));
        Assert.Equal(7, results.Select(r => r.Server).Distinct().Count());
    }

    [Fact]
    public async Task Demo_without_once_serves_until_cancelled_and_says_how_to_connect()
    {
        var cli = new CliRunner(realTime: true);
        var output = new SignallingWriter(DemoCommand.ReadyLine);
        using var stop = new CancellationTokenSource();

        var run = cli.RunAsync(new[] { "demo" }, output, stop.Token);
        await output.Seen.WaitAsync(TimeSpan.FromSeconds(60));
        stop.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("--resolve rec1.contoso.local=127.0.0.1", result.Output, StringComparison.Ordinal);
        Assert.Contains("mipsecure-simulated-site-ca-", result.Output, StringComparison.Ordinal);
    }

    private static string Line(string text, string code) =>
        text.Split('\n').FirstOrDefault(l => l.Contains(code, StringComparison.Ordinal)) ?? $"(no line with {code})";

    private static string ScrubVolatile(string text)
    {
        text = Regex.Replace(text, @"\.local:\d+", ".local:{Port}");
        text = Regex.Replace(text, @"\b\d{4}-\d{2}-\d{2}\b", "{Date}");
        return Regex.Replace(text, @"\d+ day\(s\)", "{N} day(s)");
    }
}
