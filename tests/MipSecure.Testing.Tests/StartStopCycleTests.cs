using System.Net;
using System.Net.Sockets;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;

namespace MipSecure.Testing.Tests;

[CollectionDefinition(nameof(StartStopCycleTests), DisableParallelization = true)]
public sealed class StartStopCycleGroup;

/// <summary>Runs alone: it counts the process's open file descriptors, which parallel tests would disturb.</summary>
[Collection(nameof(StartStopCycleTests))]
public sealed class StartStopCycleTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Cycles = 200;

    [Fact]
    public async Task Two_hundred_start_stop_cycles_leave_no_listening_ports_or_open_handles_behind()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await CycleAsync(timeout.Token);
        var handlesBefore = OpenHandles();
        var checkedPorts = 0;
        var elapsed = System.Diagnostics.Stopwatch.StartNew();

        for (var cycle = 0; cycle < Cycles; cycle++)
        {
            // A cycle's ports are checked the moment its site is gone: minutes later a released ephemeral port may belong to
            // a listener of another test process on the same loopback, which would accept the probe.
            foreach (var endpoint in await CycleAsync(timeout.Token))
            {
                await SiteLifecycleTests.AssertRefusedAsync(endpoint, timeout.Token);
                checkedPorts++;
            }
        }

        var handlesAfter = OpenHandles();
        output.WriteLine($"{Cycles} cycles in {elapsed.ElapsedMilliseconds} ms; open handles {handlesBefore} before, {handlesAfter} after.");
        Assert.InRange(handlesAfter, 0, handlesBefore + 16);
        Assert.Equal(Cycles * 4, checkedPorts);
    }

    // One cycle: a site with a management server (two listeners), a recording server and a hanging event server;
    // a TLS ImageServer session and a hung client are still open when the site is disposed.
    private static async Task<IReadOnlyList<IPEndPoint>> CycleAsync(CancellationToken cancellationToken)
    {
        var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer()
            .AddEventServer(configure: d => d with { Fault = ServerFault.AcceptThenHang() }), cancellationToken);
        var endpoints = site.Servers.SelectMany(s => s.Endpoints).Select(e => e.EndPoint).ToList();
        await using var session = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), cancellationToken);
        await session.SendConnectAsync(site.Tokens.IssueVmsToken(), cancellationToken);
        await session.ReadReplyAsync(cancellationToken);
        using var hung = new TcpClient();
        await hung.ConnectAsync(site.EventServers[0].Endpoints[0].EndPoint, cancellationToken);
        await site.EventServers[0].WaitForConnectionsAsync(1, cancellationToken);

        await site.DisposeAsync();

        // Disposal resets what is still open: the hung client sees the connection end, by reset or end of stream.
        try
        {
            Assert.Equal(0, await hung.GetStream().ReadAsync(new byte[1], cancellationToken));
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
        }

        return endpoints;
    }

    // Linux lists a process's open descriptors in /proc/self/fd; elsewhere the process's handle count stands in.
    private static int OpenHandles() => Directory.Exists("/proc/self/fd")
        ? Directory.GetFileSystemEntries("/proc/self/fd").Length
        : System.Diagnostics.Process.GetCurrentProcess().HandleCount;
}
