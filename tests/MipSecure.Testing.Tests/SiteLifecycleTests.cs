using System.Net;
using System.Net.Sockets;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;
using MipSecure.Trust;

namespace MipSecure.Testing.Tests;

public sealed class SiteLifecycleTests
{
    [Fact]
    public async Task The_standard_site_has_every_role_with_https_uris_on_distinct_loopback_ports()
    {
        await using var site = await SimulatedSite.StartAsync();

        Assert.Equal(new[] { ServerRole.ManagementServer, ServerRole.RecordingServer, ServerRole.RecordingServer, ServerRole.FailoverRecorder, ServerRole.MobileServer, ServerRole.EventServer },
            site.Servers.Select(s => s.Role));
        Assert.All(site.Servers, s => Assert.Equal("https", s.Uri.Scheme));
        var endpoints = site.Servers.SelectMany(s => s.Endpoints).ToList();
        Assert.Equal(8, endpoints.Count);
        Assert.Equal(endpoints.Count, endpoints.Select(e => e.Port).Distinct().Count());
        Assert.All(endpoints, e => Assert.Equal(IPAddress.Loopback, e.EndPoint.Address));
    }

    [Fact]
    public async Task The_host_map_sends_every_host_name_to_loopback_on_the_servers_port()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer(configure: d => d with { PublicHostName = "rec1.contoso.com" }));
        var recorder = site.RecordingServers[0];

        Assert.Equal(new IPEndPoint(IPAddress.Loopback, recorder.Uri.Port), site.HostMap["rec1.contoso.local"]);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, recorder.Uri.Port), site.HostMap["REC1.contoso.com"]);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, site.ManagementServer.Uri.Port), site.HostMap["mgmt.contoso.local"]);
        Assert.Equal(site.ManagementServer.HttpEndpoint!.EndPoint, site.ResolveEndPoint(site.ManagementServer.HttpEndpoint.Uri));
        Assert.Throws<KeyNotFoundException>(() => site.ResolveEndPoint(new Uri("https://elsewhere.example/")));
    }

    [Fact]
    public async Task The_site_exposes_its_root_as_pem_and_as_trust_anchors()
    {
        await using var site = await SimulatedSite.StartAsync(b => b.AddRecordingServer());

        var loaded = MipSecure.Trust.Certificates.CertificateLoader.LoadBytes(System.Text.Encoding.ASCII.GetBytes(site.RootCertificatePem), "root.pem");

        Assert.Equal(site.RootCertificate.Thumbprint, loaded.Primary.Thumbprint);
        Assert.True(site.TrustAnchors.Contains(site.RootCertificate));
        Assert.Same(site.CertificateAuthority.Root.Certificate, site.RootCertificate);
    }

    [Fact]
    public async Task Disposal_closes_every_listener()
    {
        using var timeout = Timeouts.Test();
        var site = await SimulatedSite.StartAsync();
        var endpoints = site.Servers.SelectMany(s => s.Endpoints).Select(e => e.EndPoint).ToList();
        var listening = OwnSockets.ListeningOn(endpoints.Select(e => e.Port));

        await site.DisposeAsync();

        if (listening is null)
        {
            foreach (var endpoint in endpoints)
            {
                await AssertRefusedAsync(endpoint, timeout.Token);
            }

            return;
        }

        // Those very sockets are closed. A connect probe could not tell: a parallel test may already own a released port.
        Assert.Equal(endpoints.Count, listening.Count);
        Assert.Empty(listening.Intersect(OwnSockets.All()!));
    }

    [Fact]
    public async Task Fixed_ports_are_used_when_requested()
    {
        for (var attempt = 1; ; attempt++)
        {
            var ports = FreePorts(3);
            SimulatedSite site;
            try
            {
                site = await SimulatedSite.StartAsync(b => b
                    .AddManagementServer(configure: d => d with { Port = ports[0], PlaintextPort = ports[1] })
                    .AddRecordingServer(configure: d => d with { Port = ports[2] }));
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("already in use", StringComparison.Ordinal))
            {
                // A probed port is free only until someone else binds it: try fresh ones.
                continue;
            }

            await using (site)
            {
                Assert.Equal(ports[0], site.ManagementServer.HttpsEndpoint!.Port);
                Assert.Equal(ports[1], site.ManagementServer.HttpEndpoint!.Port);
                Assert.Equal(new Uri($"https://rec1.contoso.local:{ports[2]}/"), site.RecordingServers[0].Uri);
            }

            return;
        }
    }

    [Fact]
    public async Task A_fixed_port_already_in_use_fails_the_start_and_releases_what_was_bound()
    {
        using var timeout = Timeouts.Test();
        using var blocker = new TcpListener(IPAddress.Loopback, 0);
        blocker.Start();
        var taken = ((IPEndPoint)blocker.LocalEndpoint).Port;
        int free;
        InvalidOperationException error;
        var attempt = 0;
        do
        {
            // A probed port is free only until someone else binds it: try a fresh one if it was the one refused.
            free = FreePorts(1)[0];
            var candidate = free;
            error = await Assert.ThrowsAsync<InvalidOperationException>(() => SimulatedSite.StartAsync(b => b
                .AddRecordingServer(configure: d => d with { Port = candidate })
                .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Port = taken })));
        }
        while (++attempt < 3 && error.Message.Contains($"Port {free} ", StringComparison.Ordinal));

        Assert.Contains($"Port {taken}", error.Message, StringComparison.Ordinal);
        await AssertRefusedAsync(new IPEndPoint(IPAddress.Loopback, free), timeout.Token);
    }

    [Fact]
    public void The_builder_rejects_a_second_management_server_duplicate_names_and_bad_hosts()
    {
        var builder = SimulatedSite.CreateBuilder().AddManagementServer().AddRecordingServer();

        Assert.Throws<ArgumentException>(() => builder.AddManagementServer("other.contoso.local"));
        Assert.Throws<ArgumentException>(() => builder.AddRecordingServer("recorder 1", "rec9.contoso.local"));
        Assert.Throws<ArgumentException>(() => builder.AddRecordingServer("Recorder 9", "not a host"));
        Assert.Equal(2, builder.Servers.Count);
    }

    [Fact]
    public async Task Many_sites_run_in_parallel_on_their_own_ports()
    {
        using var timeout = Timeouts.Test();
        var sites = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SimulatedSite.StartAsync(b => b.AddRecordingServer())));
        try
        {
            var replies = await Task.WhenAll(sites.Select(async site =>
            {
                await using var client = await ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, new SiteTrust(site), timeout.Token);
                await client.SendConnectAsync(site.Tokens.IssueVmsToken(), timeout.Token);
                return (await client.ReadReplyAsync(timeout.Token)).Value("connected");
            }));

            Assert.All(replies, r => Assert.Equal("yes", r));
            Assert.Equal(8, sites.Select(s => s.RecordingServers[0].Uri.Port).Distinct().Count());
        }
        finally
        {
            foreach (var site in sites)
            {
                await site.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_token_from_one_site_is_not_valid_on_another()
    {
        using var timeout = Timeouts.Test();
        await using var first = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        await using var second = await SimulatedSite.StartAsync(b => b.AddRecordingServer());
        await using var client = await ImageServerClient.ConnectAsync(second, second.RecordingServers[0].Uri, new SiteTrust(second), timeout.Token);

        await client.SendConnectAsync(first.Tokens.IssueVmsToken(), timeout.Token);

        Assert.Equal("Token validation failed", (await client.ReadReplyAsync(timeout.Token)).Value("errorreason"));
    }

    /// <summary>Distinct free ports: every probe stays bound until all are chosen.</summary>
    internal static int[] FreePorts(int count)
    {
        var probes = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            probes.ForEach(p => p.Start());
            return probes.Select(p => ((IPEndPoint)p.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            probes.ForEach(p => p.Stop());
        }
    }

    internal static async Task AssertRefusedAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(endpoint, cancellationToken).AsTask());
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }
}
