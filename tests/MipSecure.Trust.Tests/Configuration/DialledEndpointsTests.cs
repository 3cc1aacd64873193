using System.Linq;
using MipSecure.Trust.Configuration;
using Xunit;

namespace MipSecure.Trust.Tests.Configuration;

/// <summary>Which addresses of a site file's servers clients dial: the one rule the client, probe and watch share.</summary>
public sealed class DialledEndpointsTests
{
    private const string Site = """
        {
          "managementServer": { "uri": "https://mgmt.contoso.local/" },
          "recordingServers": [
            { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/", "activeWebServerUri": "https://rec1.contoso.com:7563/" },
            { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "activeWebServerUri": "https://rec2.contoso.local:7563/" },
            { "name": "Recorder 3", "webServerUri": "http://rec3.contoso.local:7563/" }
          ],
          "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "https://fo1.contoso.local:7563/" } ],
          "mobileServers": [
            { "name": "Mobile 1", "httpUri": "http://mobile1.contoso.local:8081/", "httpsUri": "https://mobile1.contoso.local:8082/" },
            { "name": "Mobile 2", "httpUri": "http://mobile2.contoso.local:8081/" }
          ],
          "eventServers": [ { "name": "Event server", "uri": "https://events.contoso.local:22331/" } ]
        }
        """;

    [Fact]
    public void Clients_dial_the_web_server_and_the_public_address_of_recorders_and_the_https_address_of_an_encrypted_mobile_server()
    {
        var site = SiteConfigurationLoader.LoadText(Site, "mipsecure.json").GetConfigurationOrThrow();

        var dialled = site.Servers.ToDictionary(s => s.Name, s => s.DialledEndpoints.Select(e => (e.Uri.ToString(), e.PropertyName)).ToArray());

        Assert.Equal(new[] { ("https://mgmt.contoso.local/", "uri") }, dialled[site.ManagementServer!.Name]);
        Assert.Equal(new[] { ("https://rec1.contoso.local:7563/", "webServerUri"), ("https://rec1.contoso.com:7563/", "activeWebServerUri") }, dialled["Recorder 1"]);
        Assert.Equal(new[] { ("https://rec2.contoso.local:7563/", "webServerUri") }, dialled["Recorder 2"]);
        Assert.Equal(new[] { ("http://rec3.contoso.local:7563/", "webServerUri") }, dialled["Recorder 3"]);
        Assert.Equal(new[] { ("https://fo1.contoso.local:7563/", "webServerUri") }, dialled["Failover 1"]);
        Assert.Equal(new[] { ("https://mobile1.contoso.local:8082/", "httpsUri") }, dialled["Mobile 1"]);
        Assert.Equal(new[] { ("http://mobile2.contoso.local:8081/", "httpUri") }, dialled["Mobile 2"]);
        Assert.Equal(new[] { ("https://events.contoso.local:22331/", "uri") }, dialled["Event server"]);
    }

    [Fact]
    public void Every_dialled_address_is_one_the_site_check_knows()
    {
        var site = SiteConfigurationLoader.LoadText(Site, "mipsecure.json").GetConfigurationOrThrow();

        Assert.All(site.Servers, server => Assert.Subset(server.Endpoints.ToHashSet(), server.DialledEndpoints.ToHashSet()));
    }
}
