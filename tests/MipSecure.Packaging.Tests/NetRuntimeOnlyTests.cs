using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Packaging.Tests;

/// <summary>
/// The framework-dependent tool on a machine that has the .NET runtime and not ASP.NET Core: every command but the
/// simulator's runs, and <c>demo</c> says in one coded line what is missing.
/// </summary>
[Collection(PackedReleaseGroup.Name)]
public sealed class NetRuntimeOnlyTests
{
    private readonly PackedReleaseFixture _release;

    public NetRuntimeOnlyTests(PackedReleaseFixture release)
    {
        _release = release;
    }

    [Fact]
    public void The_any_package_needs_only_the_NET_runtime_and_carries_the_simulators_runtime_config()
    {
        using var package = ZipFile.OpenRead(_release.Package("MipSecure.Cli.any"));

        Assert.Equal(["Microsoft.NETCore.App"], Frameworks(package, "MipSecure.Cli.runtimeconfig.json"));
        Assert.Equal(["Microsoft.NETCore.App", "Microsoft.AspNetCore.App"], Frameworks(package, "MipSecure.Cli.simulator.runtimeconfig.json"));
        Assert.DoesNotContain(package.Entries, entry => entry.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_any_tool_runs_pki_verify_check_and_probe_with_only_the_NET_runtime_and_demo_names_what_is_missing()
    {
        var folder = _release.NewFolder("runtime-only");
        var dotnetRoot = RuntimeOnlyDotnetRoot(Path.Combine(folder, "dotnet"));
        Assert.False(Directory.Exists(Path.Combine(dotnetRoot, "shared", "Microsoft.AspNetCore.App")));
        var tool = InstalledTool.Install(folder, "MipSecure.Cli.any");
        var work = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName;
        ToolResult Run(params string[] arguments) => InstalledTool.Run(tool, work, arguments, environment =>
        {
            // The tool's host finds the runtime here and nowhere else.
            environment["DOTNET_ROOT"] = dotnetRoot;
            environment.Remove("DOTNET_ROOT_X64");
            environment.Remove("DOTNET_ROOT_ARM64");
            environment["DOTNET_MULTILEVEL_LOOKUP"] = "0";
        });

        var createCa = Run("pki", "create-ca", "--out", "ca", "--key-size", "2048");
        Assert.True(createCa.ExitCode == 0, createCa.ToString());
        foreach (var host in new[] { "mgmt.contoso.local", "rec1.contoso.local" })
        {
            var issue = Run("pki", "issue", "--ca", "ca/xprotect-certificate-authority.pfx", "--host", host, "--out", "certs");
            Assert.True(issue.ExitCode == 0, issue.ToString());
        }

        var verify = Run("verify", "certs/rec1.contoso.local.crt", "--ca", "ca/xprotect-certificate-authority.crt", "--host", "rec1.contoso.local");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("trusted: yes", verify.Output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(work, "mipsecure.json"), """
            {
              "trust": { "caCertificates": ["ca/xprotect-certificate-authority.crt"] },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.contoso.local.crt" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "certificate": "certs/rec1.contoso.local.crt" } ]
            }
            """);
        var check = Run("check", "mipsecure.json");
        Assert.True(check.ExitCode == 0, check.ToString());

        using (var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(work, "certs", "rec1.contoso.local.pfx"), null))
        await using (var server = new LoopbackTlsServer(certificate))
        {
            var probe = Run("probe", $"https://rec1.contoso.local:{server.Port}/", "--ca", "ca/xprotect-certificate-authority.crt", "--resolve", "rec1.contoso.local=127.0.0.1", "--timeout", "10");
            Assert.True(probe.ExitCode == 0, probe.ToString());
            Assert.True(server.Handshakes > 0, probe.ToString());
        }

        // The simulator needs ASP.NET Core: one coded line that names the folder and both fixes, the documented exit code.
        var demo = Run("demo", "--once");
        Assert.True(demo.ExitCode == 1, demo.ToString());
        var line = Assert.Single(demo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("MIPSEC5017: ", line, StringComparison.Ordinal);
        Assert.Contains(dotnetRoot, line, StringComparison.Ordinal);
        Assert.Contains($"Install the ASP.NET Core runtime {Environment.Version.Major}", line, StringComparison.Ordinal);
        Assert.Contains("native mipsecure", line, StringComparison.Ordinal);
        Assert.EndsWith("docs/errors/MIPSEC5017.md", line, StringComparison.Ordinal);
    }

    /// <summary>
    /// A dotnet root with the host and Microsoft.NETCore.App only: the muxer, host/ and the runtime these tests run on, copied
    /// from the installation this test host runs from (where the dotnet on PATH or DOTNET_ROOT led 'dotnet test'). Copied, not
    /// linked: the muxer finds its root from its own resolved path.
    /// </summary>
    private static string RuntimeOnlyDotnetRoot(string root)
    {
        var runtime = Path.TrimEndingDirectorySeparator(RuntimeEnvironment.GetRuntimeDirectory());
        var installed = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var muxer = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        Directory.CreateDirectory(root);
        File.Copy(Path.Combine(installed, muxer), Path.Combine(root, muxer));
        CopyFolder(Path.Combine(installed, "host"), Path.Combine(root, "host"));
        CopyFolder(runtime, Path.Combine(root, "shared", "Microsoft.NETCore.App", Path.GetFileName(runtime)));
        return root;
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static List<string> Frameworks(ZipArchive package, string fileName)
    {
        var entry = package.Entries.Single(e => e.FullName.StartsWith("tools/", StringComparison.Ordinal) && e.Name == fileName);
        using var stream = entry.Open();
        using var document = JsonDocument.Parse(stream);
        var options = document.RootElement.GetProperty("runtimeOptions");
        return options.TryGetProperty("frameworks", out var frameworks)
            ? frameworks.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToList()
            : [options.GetProperty("framework").GetProperty("name").GetString()!];
    }

    /// <summary>A TLS server on 127.0.0.1 that presents one certificate and answers each request with an empty HTTP 200.</summary>
    private sealed class LoopbackTlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly X509Certificate2 _certificate;
        private readonly Task _serving;
        private int _handshakes;

        public LoopbackTlsServer(X509Certificate2 certificate)
        {
            _certificate = certificate;
            _listener.Start();
            _serving = ServeAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Handshakes => Volatile.Read(ref _handshakes);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await _serving;
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Stopped.
            }

            _stop.Dispose();
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = AnswerAsync(client);
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using (client)
            using (var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false))
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(15));
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, timeout.Token);
                    Interlocked.Increment(ref _handshakes);
                    _ = await tls.ReadAsync(new byte[4096], timeout.Token);
                    await tls.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), timeout.Token);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException or OperationCanceledException or ObjectDisposedException)
                {
                    // A client that hung up, or spoke plaintext to the TLS port: the connection ends, as a real server ends it.
                }
            }
        }
    }
}
