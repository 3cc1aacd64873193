using System;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Options;
using MipSecure.Pki;
using MipSecure.Tests.TestSupport;
using MipSecure.TestUtilities;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Tests.Simulated;

/// <summary>What an integration gets from <c>AddMipSecure</c>, end to end against the simulated site.</summary>
public sealed class DependencyInjectionTests : IDisposable
{
    private readonly ClientTestContext _context = new();
    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task AddMipSecure_gives_discovery_probes_and_frames_over_validated_tls()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().AddRecordingServer().AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { Encrypted = false }));
        File.WriteAllText(_folder.File("root.pem"), CertificateAuthority.ExportPem(site.RootCertificate));
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(_context.Clock)
            .AddMipSecure(options =>
            {
                options.CaCertificateFiles.Add(_folder.File("root.pem"));
                foreach (var host in site.HostMap.Keys)
                {
                    options.AddressOverrides[host] = "127.0.0.1";
                }
            });
        await using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        var management = new XProtectEndpoint(site.ManagementServer.Uri, ServerRole.ManagementServer);

        var discovery = provider.GetRequiredService<ManagementServerDiscovery>();
        await using var session = await provider.GetRequiredService<XProtectLogin>().LogInAsync(management, XProtectCredentials.BasicUser(site.Credentials.UserName, site.Credentials.Password)).WaitAsync(SignallingClock.StallLimit);
        var token = session.AccessToken!;
        var discovered = await discovery.DiscoverAsync(management, token).WaitAsync(SignallingClock.StallLimit);
        var probes = await provider.GetRequiredService<EncryptionProber>().ProbeAllAsync(discovered.AllEndpoints).WaitAsync(SignallingClock.StallLimit);
        var encrypted = discovered.RecordingServers.Single(r => r.Encryption == EndpointEncryption.On);
        var camera = site.GetServer(encrypted.Name).Cameras[0].Id;
        var frame = (await provider.GetRequiredService<ImageServerClient>().GetFrameAsync(encrypted.Endpoint, camera, session, _context.Clock.GetUtcNow()).WaitAsync(SignallingClock.StallLimit)).Frame!;

        Assert.Equal(new[] { ProbeOutcome.Encrypted, ProbeOutcome.Encrypted, ProbeOutcome.Plaintext }, probes.Select(p => p.Outcome));
        Assert.True(frame.IsJpeg);
        Assert.Equal(token.ExpiresAt, _context.Clock.GetUtcNow().AddSeconds(3600));
        Assert.NotNull(provider.GetRequiredService<IHttpClientFactory>().CreateClient(MipSecureServiceCollectionExtensions.HttpClientName));

        // One caching validator judged every handshake: the management server's chain and the encrypted recorder's, each kept once.
        var validator = Assert.IsType<MipSecure.Trust.Validation.CachingCertificateValidator>(provider.GetRequiredService<MipSecure.Trust.Validation.ICertificateValidator>());
        Assert.Equal(2, validator.Count);
    }

    [Fact]
    public async Task A_site_file_supplies_the_trusted_ca_the_warning_window_and_the_servers()
    {
        await using var site = await _context.StartSiteAsync(b => b.AddManagementServer().AddRecordingServer());
        File.WriteAllText(_folder.File("certs-root.pem"), CertificateAuthority.ExportPem(site.RootCertificate));
        var recorder = site.RecordingServers.Single();
        File.WriteAllText(_folder.File("mipsecure.json"), $$"""
            {
              "trust": { "caCertificates": [ "certs-root.pem" ], "expiryWarningDays": 45 },
              "managementServer": { "uri": "{{site.ManagementServer.Uri}}" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "{{recorder.Uri}}" } ]
            }
            """);
        var services = new ServiceCollection().AddMipSecureFromSiteFile(_folder.File("mipsecure.json"), options =>
        {
            foreach (var host in site.HostMap.Keys)
            {
                options.AddressOverrides[host] = "127.0.0.1";
            }
        });
        await using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<MipSecureOptions>>().Value;
        var fromFile = provider.GetRequiredService<DiscoveredSite>();
        var endpoint = fromFile.RecordingServers.Single().Endpoint;
        await using var stream = await provider.GetRequiredService<MipSecure.Connections.SecureConnector>().ConnectAsync(endpoint).WaitAsync(SignallingClock.StallLimit);

        Assert.Equal(45, options.ExpiryWarningDays);
        Assert.Equal(_folder.File("certs-root.pem"), Assert.Single(options.CaCertificateFiles));
        Assert.Equal(recorder.Uri, endpoint.Uri);
        Assert.Equal("Recorder 1", endpoint.Name);
        Assert.NotNull(fromFile.ManagementServer);
        Assert.IsType<System.Net.Security.SslStream>(stream);
    }

    [Fact]
    public void A_broken_site_file_fails_at_registration_with_its_code_and_position()
    {
        File.WriteAllText(_folder.File("mipsecure.json"), "{ \"trust\": { \"caCertificates\": [ \"a.pem\" ] ");

        var error = Assert.Throws<MipSecureException>(() => new ServiceCollection().AddMipSecureFromSiteFile(_folder.File("mipsecure.json")));

        Assert.Equal(MipSecCodeCategory.UnreadableInput, error.Code.Category);
        Assert.Contains("mipsecure.json", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _folder.Dispose();
        _context.Dispose();
    }
}
