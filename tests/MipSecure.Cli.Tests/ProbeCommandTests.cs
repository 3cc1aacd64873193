using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Authentication;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Cli.Tests;

public sealed class ProbeCommandTests : IDisposable
{
    private readonly CliRunner _cli = new(realTime: true);
    private readonly TempDirectory _temp = new("mipsecure-probe");

    [Fact]
    public async Task A_valid_encrypted_recorder_is_on_and_trusted()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer());
        var ca = WriteCa(site);

        var result = await _cli.RunAsync("probe", site.RecordingServers[0].Uri.ToString(), "--ca", ca, "--resolve", "rec1.contoso.local=127.0.0.1", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var target = JsonDocument.Parse(result.Output).RootElement.GetProperty("results")[0];
        Assert.Equal("on", target.GetProperty("encryption").GetString());
        Assert.True(target.GetProperty("trusted").GetBoolean());
    }

    [Fact]
    public async Task Https_expected_but_plaintext_served_is_an_error_never_a_fallback()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer(configure: d => d with { Encrypted = false }));
        var ca = WriteCa(site);
        var plainUri = site.RecordingServers[0].Uri;
        var expectedHttps = new UriBuilder(plainUri) { Scheme = "https" }.Uri;

        var result = await _cli.RunAsync("probe", expectedHttps.ToString(), "--ca", ca, "--resolve", "rec1.contoso.local=127.0.0.1", "--json");

        Assert.Equal(1, result.ExitCode);
        var target = JsonDocument.Parse(result.Output).RootElement.GetProperty("results")[0];
        Assert.Equal("off", target.GetProperty("encryption").GetString());
        Assert.Equal(JsonValueKind.Null, target.GetProperty("trusted").ValueKind);
        var code = target.GetProperty("findings")[0].GetProperty("code").GetString()!;
        Assert.True(MipSecCodes.TryGet(code, out var known) && known.Category == MipSecCodeCategory.Connection, code);
    }

    [Fact]
    public async Task Probe_of_500_targets_where_50_hang_finishes_within_its_timeout()
    {
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")
            .AddRecordingServer("Hanging", "hang.contoso.local", d => d with { Fault = ServerFault.AcceptThenHang() }));
        var ca = WriteCa(site);
        var good = site.GetServer("Recorder 1").Uri.ToString();
        var hanging = site.GetServer("Hanging").Uri.ToString();
        var targets = Enumerable.Repeat(good, 450).Concat(Enumerable.Repeat(hanging, 50)).ToList();
        var args = new List<string> { "probe" };
        args.AddRange(targets);
        // Half of --timeout is a target's TLS budget, and a good handshake here waits behind up to 63 others in this process
        // (the simulated servers share it): 10 s is safe on a loaded 2-core machine where 2.5 s is not.
        args.AddRange(new[] { "--ca", ca, "--resolve", "rec1.contoso.local=127.0.0.1", "--resolve", "hang.contoso.local=127.0.0.1", "--timeout", "20", "--concurrency", "64", "--json" });

        // JIT, TLS and the certificate stores warm up outside the timed run.
        var warmUp = await _cli.RunAsync("probe", good, "--ca", ca, "--resolve", "rec1.contoso.local=127.0.0.1", "--json");
        Assert.True(warmUp.ExitCode == 0, warmUp.Output);

        var watch = Stopwatch.StartNew();
        var result = await _cli.RunAsync(args.ToArray());
        watch.Stop();

        Assert.Equal(1, result.ExitCode);
        var results = JsonDocument.Parse(result.Output).RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(500, results.Count);
        var hangingResults = results.Where(r => r.GetProperty("target").GetString() == hanging).ToList();
        Assert.Equal(50, hangingResults.Count);
        Assert.All(hangingResults, r => Assert.Equal("unreachable", r.GetProperty("encryption").GetString()));
        Assert.Equal(450, results.Count(r => r.GetProperty("target").GetString() == good && r.GetProperty("trusted").GetBoolean()));
        // One after another the 50 hangs would take 50 x 20 s; 64 at a time they fit in one timeout round.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(100), $"took {watch.Elapsed}");
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task A_server_that_requires_a_client_certificate_is_reported_as_such_not_as_trusted(SslProtocols protocol)
    {
        using var root = CertificateAuthority.CreateRoot("Contoso Root CA");
        using var serverCertificate = root.IssueServerCertificate("proxy.contoso.local");
        File.WriteAllText(_temp.File("root.crt"), CertificateAuthority.ExportPem(root.Certificate));
        await using var server = new ClientCertificateServer(serverCertificate, protocol);

        var result = await _cli.RunAsync("probe", $"https://proxy.contoso.local:{server.Port}/", "--ca", _temp.File("root.crt"), "--resolve", "proxy.contoso.local=127.0.0.1", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        var target = JsonDocument.Parse(result.Output).RootElement.GetProperty("results")[0];
        Assert.False(target.GetProperty("trusted").GetBoolean());
        var codes = target.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Equal(new[] { "MIPSEC4040" }, codes);
        Assert.Equal("CN=proxy.contoso.local", target.GetProperty("certificates")[0].GetProperty("subject").GetString());
    }

    [Theory]
    [InlineData("*.contoso.local=127.0.0.1")]
    [InlineData("https://rec1.contoso.local:7563/=127.0.0.1")]
    public async Task A_resolve_entry_that_would_match_nothing_is_refused_not_ignored(string entry)
    {
        var result = await _cli.RunAsync("probe", "https://rec1.contoso.local:7563/", "--resolve", entry);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no wildcard, no scheme", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Advice_names_the_tools_option_not_the_librarys_property()
    {
        var result = await _cli.RunAsync("probe", "https://rec1.contoso.invalid:7563/", "--timeout", "5");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("MIPSEC4002", result.Output, StringComparison.Ordinal);
        Assert.Contains("--resolve HOST=ADDRESS", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("AddressOverrides", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("MIPSEC4002 error: MIPSEC4002", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--resolve", "rec1.contoso.local")]
    [InlineData("--timeout", "0")]
    [InlineData("--concurrency", "0")]
    public async Task Bad_probe_arguments_exit_2(string option, string value)
    {
        var result = await _cli.RunAsync("probe", "https://rec1.contoso.local:7563/", option, value);

        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public async Task Probe_without_targets_is_a_usage_error()
    {
        var result = await _cli.RunAsync("probe");

        Assert.Equal(2, result.ExitCode);
    }

    public void Dispose() => _temp.Dispose();

    private string WriteCa(SimulatedSite site)
    {
        var path = _temp.File("site-ca.crt");
        File.WriteAllText(path, site.RootCertificatePem);
        return path;
    }
}
