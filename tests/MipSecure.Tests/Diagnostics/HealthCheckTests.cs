using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Endpoints;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.TestUtilities;
using Xunit;
using MipSecure.Trust;

namespace MipSecure.Tests.Diagnostics;

/// <summary><c>AddHealthChecks().AddMipSecure(...)</c> against a simulated site: healthy, degraded in the warning window, unhealthy on an error.</summary>
public sealed class HealthCheckTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Each_server_state_gives_its_health_status_with_code_and_server_in_the_data()
    {
        await using var site = await SimulatedSite.CreateBuilder()
            .WithTimeProvider(_clock)
            .AddManagementServer()
            .AddRecordingServer("Valid", "valid.contoso.local")
            .AddRecordingServer("Expiring", "expiring.contoso.local", d => d with { CertificateProfile = CertificateProfile.ExpiringSoon })
            .AddRecordingServer("Expired", "expired.contoso.local", d => d with { CertificateProfile = CertificateProfile.Expired })
            .StartAsync();
        await using var provider = Services(site)
            .AddHealthChecks()
            .AddMipSecure(o => o.Endpoints.Add(Endpoint(site, "Valid")), name: "valid")
            .AddMipSecure(o => o.Endpoints.Add(Endpoint(site, "Expiring")), name: "expiring")
            .AddMipSecure(o => o.Endpoints.Add(Endpoint(site, "Expired")), name: "expired", failureStatus: HealthStatus.Degraded, tags: new[] { "ready" })
            .AddMipSecure(o => { o.Endpoints.Add(Endpoint(site, "Valid")); o.Endpoints.Add(Endpoint(site, "Expired")); }, name: "site")
            .Services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Entries["valid"].Status);
        var expiring = report.Entries["expiring"];
        Assert.Equal(HealthStatus.Degraded, expiring.Status);
        Assert.Equal("MIPSEC1006", expiring.Data["code"]);
        Assert.Contains("'Expiring'", (string)expiring.Data["server"], StringComparison.Ordinal);
        Assert.StartsWith("MIPSEC1006: ", expiring.Description, StringComparison.Ordinal);

        // The registration's failure status is what an error gives.
        Assert.Equal(HealthStatus.Degraded, report.Entries["expired"].Status);
        Assert.Equal("MIPSEC1004", report.Entries["expired"].Data["code"]);
        Assert.Contains("ready", report.Entries["expired"].Tags);

        var whole = report.Entries["site"];
        Assert.Equal(HealthStatus.Unhealthy, whole.Status);
        Assert.Equal("MIPSEC1004", whole.Data["code"]);
        Assert.Contains("'Expired'", (string)whole.Data["server"], StringComparison.Ordinal);
        Assert.Equal(2, whole.Data["servers"]);
        Assert.Equal(HealthStatus.Unhealthy, report.Status);
    }

    [Fact]
    public async Task A_result_is_reused_within_the_cache_duration_and_renewed_after_it()
    {
        await using var site = await SimulatedSite.CreateBuilder().WithTimeProvider(_clock).AddManagementServer().AddRecordingServer().StartAsync();
        var recorder = site.GetServer("Recorder 1");
        await using var provider = Services(site)
            .AddHealthChecks()
            .AddMipSecure(o => { o.Endpoints.Add(Endpoint(site, "Recorder 1")); o.CacheDuration = TimeSpan.FromMinutes(1); })
            .Services.BuildServiceProvider();
        var health = provider.GetRequiredService<HealthCheckService>();

        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        var connections = recorder.AcceptedConnections;
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        Assert.Equal(connections, recorder.AcceptedConnections);

        recorder.Fault = ServerFault.RefuseConnections();
        _clock.Advance(TimeSpan.FromMinutes(2));
        var refused = await health.CheckHealthAsync();

        Assert.Equal(HealthStatus.Unhealthy, refused.Status);
        Assert.Equal("MIPSEC4001", refused.Entries["mipsecure"].Data["code"]);
    }

    [Fact]
    public async Task Without_endpoints_the_servers_of_the_registered_site_file_are_checked()
    {
        await using var site = await SimulatedSite.CreateBuilder().WithTimeProvider(_clock).AddManagementServer().AddRecordingServer().StartAsync();
        using var folder = new TempDirectory();
        System.IO.File.WriteAllText(folder.File("ca.crt"), site.RootCertificatePem);
        System.IO.File.WriteAllText(folder.File("mipsecure.json"), $$"""
            {
              "trust": { "caCertificates": ["ca.crt"] },
              "managementServer": { "uri": "{{site.ManagementServer.Uri}}" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "{{site.GetServer("Recorder 1").Uri}}" } ]
            }
            """);
        await using var provider = new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddMipSecureFromSiteFile(folder.File("mipsecure.json"), options =>
            {
                foreach (var host in site.HostMap.Keys)
                {
                    options.AddressOverrides[host] = "127.0.0.1";
                }
            })
            .AddHealthChecks().AddMipSecure().Services.BuildServiceProvider();

        var report = await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(2, report.Entries["mipsecure"].Data["servers"]);
    }

    private IServiceCollection Services(SimulatedSite site) =>
        new ServiceCollection()
            .AddSingleton<TimeProvider>(_clock)
            .AddMipSecure(options =>
            {
                options.CaCertificates.Add(site.RootCertificate);
                foreach (var host in site.HostMap.Keys)
                {
                    options.AddressOverrides[host] = "127.0.0.1";
                }
            });

    private static XProtectEndpoint Endpoint(SimulatedSite site, string name)
    {
        var server = site.Servers.Single(s => s.Name == name || s.HostName == name);
        return new XProtectEndpoint(server.Uri, server.Role == ServerRole.ManagementServer ? ServerRole.ManagementServer : ServerRole.RecordingServer, server.Name);
    }
}

/// <summary>The registration shown in docs/monitoring.md compiles and registers the check.</summary>
public sealed class HealthCheckDocumentationTests
{
    [Fact]
    public void The_documented_registration_adds_a_check_named_mipsecure()
    {
        var services = new ServiceCollection();

        services.AddMipSecure(options => options.CaCertificateFiles.Add("certs/contoso-root.crt"));
        services.AddHealthChecks()
            .AddMipSecure(o => o.Endpoints.Add(XProtectEndpoint.RecordingServer("https://rec1.contoso.local:7563/", "Recorder 1")),
                tags: new[] { "ready" });

        using var provider = services.BuildServiceProvider();
        var registration = Assert.Single(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<HealthCheckServiceOptions>>().Value.Registrations);
        Assert.Equal("mipsecure", registration.Name);
        Assert.Contains("ready", registration.Tags);
    }
}
