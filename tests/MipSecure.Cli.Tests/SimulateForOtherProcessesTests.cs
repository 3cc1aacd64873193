using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Cli.Tests;

/// <summary>
/// <c>mipsecure simulate</c> as its own process, and the EncryptedRetrieval sample as another: the sample logs in through the token
/// chain, discovers the site and saves a JPEG over TLS, from nothing but the simulator's --json document and the password variable.
/// </summary>
public sealed class SimulateForOtherProcessesTests : IDisposable
{
    private readonly TempDirectory _temp = new("mipsecure-simulate-process");

    private static string Configuration => typeof(SimulateForOtherProcessesTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    private static string Built(string project, string assembly) =>
        Directory.GetFiles(Path.Combine(RepositoryPaths.Root, project, "bin", Configuration), assembly, SearchOption.AllDirectories)
            .OrderByDescending(File.GetLastWriteTimeUtc)
            .First(path => File.Exists(Path.ChangeExtension(path, ".runtimeconfig.json")));

    [Fact]
    public async Task The_sample_saves_a_jpeg_over_tls_from_a_separately_started_simulate_process()
    {
        var caFile = _temp.File("site-ca.crt");
        var password = "Sim-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { Built("src/MipSecure.Cli", "MipSecure.Cli.dll"), "simulate", "--json", "--password-variable", "SIM_PASSWORD", "--ca-out", caFile })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["SIM_PASSWORD"] = password;
        using var simulator = Process.Start(start)!;
        try
        {
            // The document is the first line, written once every server listens.
            var errors = simulator.StandardError.ReadToEndAsync();
            var line = await simulator.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.False(string.IsNullOrEmpty(line), "The simulator wrote no document; it ended with: " + (errors.IsCompleted ? await errors : "(still running)"));
            using var document = JsonDocument.Parse(line!);
            var root = document.RootElement;
            Assert.Equal(caFile, root.GetProperty("caFile").GetString());
            Assert.True(File.Exists(caFile));
            Assert.Equal("SIM_PASSWORD", root.GetProperty("passwordVariable").GetString());
            Assert.DoesNotContain(password, line, StringComparison.Ordinal);
            var camera = root.GetProperty("cameras").EnumerateArray().First(c => c.GetProperty("recorder").GetString() == "Recorder 1").GetProperty("id").GetString()!;
            var arguments = new List<string>
            {
                Built("samples/EncryptedRetrieval", "EncryptedRetrieval.dll"),
                root.GetProperty("managementServer").GetString()!,
                "--user", root.GetProperty("user").GetString()!,
                "--ca", caFile,
                "--camera", camera,
                "--out", _temp.File("frame.jpg"),
            };
            foreach (var host in root.GetProperty("hostMap").EnumerateObject())
            {
                arguments.Add("--resolve");
                arguments.Add(host.Name + "=" + host.Value.GetString());
            }

            var sample = DotnetProcess.Run(_temp.Path, TimeSpan.FromSeconds(120), new Dictionary<string, string> { ["MIPSECURE_PASSWORD"] = password }, arguments.ToArray());

            Assert.True(sample.ExitCode == 0, sample.ToString());
            Assert.Contains("over TLS", sample.Output, StringComparison.Ordinal);
            var jpeg = File.ReadAllBytes(_temp.File("frame.jpg"));
            Assert.Equal(new byte[] { 0xFF, 0xD8 }, jpeg.Take(2));
            Assert.DoesNotContain(password, sample.Output, StringComparison.Ordinal);
        }
        finally
        {
            // SIGTERM where there is one; the simulator stops cleanly and removes its CA file.
            if (!OperatingSystem.IsWindows())
            {
                using var kill = Process.Start("kill", "-TERM " + simulator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
            else
            {
                simulator.Kill(entireProcessTree: true);
            }

            await simulator.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(0, simulator.ExitCode);
        Assert.False(File.Exists(caFile));
    }

    public void Dispose() => _temp.Dispose();
}
