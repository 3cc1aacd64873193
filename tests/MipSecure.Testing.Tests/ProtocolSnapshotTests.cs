using System.Text.Json;
using System.Text.RegularExpressions;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;
using MipSecure.TestUtilities;

namespace MipSecure.Testing.Tests;

/// <summary>What a client of the simulator reads, frozen: a change to a protocol shape shows up as a diff.</summary>
public sealed partial class ProtocolSnapshotTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task Management_server_documents()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer()
            .AddRecordingServer("Recorder 1", "rec1.contoso.local", d => d with { PublicHostName = "rec1.contoso.com" })
            .AddFailoverRecorder(configure: d => d with { Encrypted = false }));
        using var client = SiteHttp.CreateClient(site, new SiteTrust(site));
        var token = await SiteHttp.GetTokenAsync(client, site, timeout.Token);
        var text = new System.Text.StringBuilder();
        foreach (var path in new[] { "api/.well-known/uris", "api/rest/v1/recordingServers", "api/rest/v1/failoverRecorders" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(site.ManagementServer.Uri, path));
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await client.SendAsync(request, timeout.Token);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            text.Append("GET /").Append(path).Append(' ').Append((int)response.StatusCode).Append('\n')
                .Append(JsonSerializer.Serialize(json.RootElement, Indented)).Append("\n\n");
        }

        Snapshot.Verify(text.ToString(), scrubber: ScrubPorts);
    }

    [Fact]
    public async Task Imageserver_replies()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
        await client.SendConnectAsync(null, timeout.Token);
        var refused = await client.ReadReplyAsync(timeout.Token);
        await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
        var connected = await client.ReadReplyAsync(timeout.Token);
        await client.SendAsync("goto", "<time>1700000000000</time>", timeout.Token);
        var frame = await client.ReadReplyAsync(timeout.Token);

        Snapshot.Verify(
            refused.Xml + "\n\n" + connected.Xml + "\n\n" + string.Join("\n", frame.Headers.Select(h => h.Key + ": " + (h.Key == "Content-length" ? "{Length}" : h.Value))));
    }

    private static string ScrubPorts(string text) =>
        PortPropertyPattern().Replace(PortPattern().Replace(text, ":{Port}/"), "\"$1\": \"{Port}\"");

    [GeneratedRegex(@"""(portNumber|publicWebserverPort)"": [1-9]\d*")]
    private static partial Regex PortPropertyPattern();

    [GeneratedRegex(@":\d{2,5}/")]
    private static partial Regex PortPattern();
}
