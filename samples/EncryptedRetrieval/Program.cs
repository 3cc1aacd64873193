// Logs in through XProtect's token chain (identity provider access token, then ServerCommandService Login for the VMS token),
// discovers the site's recording servers, probes their encryption, connects with TLS and saves one JPEG frame.
//
//   dotnet run --project samples/EncryptedRetrieval                     starts a simulated site in this process
//   dotnet run --project samples/EncryptedRetrieval -- https://mgmt.contoso.local/ --user operator --ca contoso-root.crt --camera GUID
//       [--resolve HOST=ADDRESS]... [--out frame.jpg]
//
// Against `mipsecure simulate --json` in another process, take the CA file, the camera id and the host map (--resolve) from its
// document. The password comes from the MIPSECURE_PASSWORD environment variable, never from the command line.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MipSecure.Connections;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;

var management = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && Uri.IsWellFormedUriString(a, UriKind.Absolute));
var output = Option("--out") ?? "frame.jpg";
await using var site = management is null ? await SimulatedSite.StartAsync(b => b
    .AddManagementServer()
    .AddRecordingServer("Recorder 1", "rec1.contoso.local")
    .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Encrypted = false })
    .AddFailoverRecorder()) : null;

var services = new ServiceCollection()
    .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning))
    .AddMipSecure(options =>
    {
        if (site is not null)
        {
            // The simulated site's host names do not resolve: map them to loopback, as curl's --resolve would.
            options.CaCertificates.Add(site.RootCertificate);
            foreach (var host in site.HostMap.Keys)
            {
                options.AddressOverrides[host] = "127.0.0.1";
            }
        }
        else
        {
            options.CaCertificateFiles.Add(Option("--ca") ?? throw new ArgumentException("Give the site's CA certificate with --ca FILE."));
            foreach (var resolve in Options("--resolve"))
            {
                var separator = resolve.IndexOf('=', StringComparison.Ordinal);
                options.AddressOverrides[resolve[..Math.Max(separator, 0)]] = resolve[(separator + 1)..];
            }
        }
    });
await using var provider = services.BuildServiceProvider();

try
{
    var managementServer = new XProtectEndpoint(site?.ManagementServer.Uri ?? new Uri(management!), ServerRole.ManagementServer);
    var userName = site?.Credentials.UserName ?? Option("--user") ?? throw new ArgumentException("Give the user with --user NAME.");
    var password = site?.Credentials.Password ?? Environment.GetEnvironmentVariable("MIPSECURE_PASSWORD")
        ?? throw new ArgumentException("Set MIPSECURE_PASSWORD to the user's password.");

    // The token chain: the identity provider's access token (REST, management server), then ServerCommandService Login for the
    // VMS token that recording servers accept. The session renews both before they expire and logs out when disposed.
    await using var session = await provider.GetRequiredService<XProtectLogin>().LogInAsync(managementServer, XProtectCredentials.BasicUser(userName, password));
    var discovery = provider.GetRequiredService<ManagementServerDiscovery>();
    var discovered = await discovery.DiscoverAsync(managementServer, session.AccessToken!);
    Console.WriteLine($"Management server {managementServer.Uri} (XProtect {discovered.ProductVersion ?? "unknown version"})");
    foreach (var server in discovered.RecordingServers.Concat(discovered.FailoverRecorders))
    {
        Console.WriteLine($"  {server.Endpoint.Description,-40} {server.Endpoint.Uri,-40} encryption {server.Encryption.ToString().ToLowerInvariant()}");
    }

    Console.WriteLine("Probing every server:");
    foreach (var result in await provider.GetRequiredService<EncryptionProber>().ProbeAllAsync(discovered.AllEndpoints))
    {
        Console.WriteLine($"  {result.Endpoint.Description,-40} {result.Outcome,-11} {string.Join(", ", result.Findings.Select(f => f.Code.Id))}");
    }

    var recorder = discovered.RecordingServers.First(r => r.Enabled && r.Encryption == EndpointEncryption.On);
    var camera = Guid.TryParse(Option("--camera"), out var id) ? id
        : site?.GetServer(recorder.Name).Cameras[0].Id ?? throw new ArgumentException("Give the camera's id with --camera GUID.");
    var retrieval = await provider.GetRequiredService<ImageServerClient>().GetFrameAsync(recorder.Endpoint, camera, session, DateTimeOffset.UtcNow);
    if (retrieval.Frame is not { } frame)
    {
        Console.WriteLine($"The camera has no recording at {retrieval.RequestedTime:u}.");
        return 0;
    }

    await File.WriteAllBytesAsync(output, frame.Data);
    Console.WriteLine($"Saved a {frame.Data.Length}-byte {frame.ContentType} frame from {recorder.Endpoint.Description} over TLS to {Path.GetFullPath(output)}");
    return 0;
}
catch (MipSecureException ex)
{
    Console.Error.WriteLine(ex.Message);
    Console.Error.WriteLine("Help: " + ex.HelpLink);
    return 1;
}

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

IEnumerable<string> Options(string name)
{
    for (var i = 0; i + 1 < args.Length; i++)
    {
        if (args[i] == name)
        {
            yield return args[i + 1];
        }
    }
}
