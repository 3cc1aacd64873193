using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Trust;
using MipSecure.Trust.Configuration;

namespace MipSecure.Testing.Tests;

public sealed class SiteConfigurationMappingTests
{
    [Fact]
    public async Task A_site_model_maps_to_servers_with_its_roles_names_hosts_and_encryption()
    {
        var configuration = new SiteConfiguration
        {
            ManagementServer = new ManagementServerConfiguration(new Uri("https://mgmt.contoso.local/")),
            RecordingServers = new[]
            {
                new RecordingServerConfiguration("Recorder 1", new Uri("https://rec1.contoso.local:7563/")) { ActiveWebServerUri = new Uri("https://rec1.contoso.com:7563/") },
                new RecordingServerConfiguration("Recorder 2", new Uri("http://rec2.contoso.local:7563/")),
            },
            FailoverRecorders = new[] { new FailoverRecorderConfiguration("Failover 1", new Uri("https://fo1.contoso.local:7563/")) },
            MobileServers = new[] { new MobileServerConfiguration("Mobile 1", new Uri("http://mobile.contoso.local:8081/"), null) },
            EventServers = new[] { new EventServerConfiguration("Events", new Uri("https://events.contoso.local:22331/")) },
        };

        await using var site = await SimulatedSite.CreateBuilder()
            .AddServersFrom(configuration, d => d.Name == "Recorder 1" ? d with { CertificateProfile = CertificateProfile.ExpiringSoon } : d)
            .StartAsync();

        Assert.Equal("mgmt.contoso.local", site.ManagementServer.HostName);
        Assert.True(site.ManagementServer.IsEncrypted);
        var recorder1 = site.GetServer("Recorder 1");
        Assert.Equal("https", recorder1.Uri.Scheme);
        Assert.Equal("rec1.contoso.com", recorder1.ActiveUri.Host);
        Assert.Equal(CertificateProfile.ExpiringSoon, recorder1.Definition.CertificateProfile);
        Assert.Equal("http", site.GetServer("Recorder 2").Uri.Scheme);
        Assert.Equal(ServerRole.FailoverRecorder, site.GetServer("Failover 1").Role);
        Assert.False(site.GetServer("Mobile 1").IsEncrypted);
        Assert.Equal("https://events.contoso.local:" + site.GetServer("Events").Uri.Port + "/", site.GetServer("Events").Uri.ToString());
        Assert.Equal(6, site.Servers.Count);
    }
}
