using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MipSecure.Connections;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipApp._1;
using Xunit;

namespace MipApp._1.Tests;

/// <summary>
/// The integration against a simulated XProtect site: real TLS servers on 127.0.0.1, certificates from the site's own CA.
/// Host names are mapped to loopback with MipSecure's address overrides; the certificate is still checked against the name.
/// </summary>
public sealed class IntegrationTests
{
//#if (IsRecording)
    [Fact]
    public async Task Retrieves_a_frame_over_tls_from_a_valid_recording_server()
    {
        await using var site = await StartSiteAsync(d => d);

        var result = await RetrieveAsync(site, site.RecordingServers[0].Uri);

        Assert.True(result.Encrypted);
        Assert.True(result.Bytes > 0);
    }

    [Fact]
    public async Task Expired_certificate_is_refused_with_MIPSEC1004()
    {
        await using var site = await StartSiteAsync(d => d with { CertificateProfile = CertificateProfile.Expired });

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => RetrieveAsync(site, site.RecordingServers[0].Uri));

        Assert.Equal("MIPSEC1004", error.Code.Id);
    }

    [Fact]
    public async Task Certificate_for_another_host_is_refused_with_MIPSEC1002()
    {
        await using var site = await StartSiteAsync(d => d with { CertificateProfile = CertificateProfile.WrongHost });

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => RetrieveAsync(site, site.RecordingServers[0].Uri));

        Assert.Equal("MIPSEC1002", error.Code.Id);
    }

    [Fact]
    public async Task Plaintext_server_where_encryption_was_expected_is_refused_with_MIPSEC4003()
    {
        await using var site = await StartSiteAsync(d => d with { Encrypted = false });
        var expectedEncrypted = new UriBuilder(site.RecordingServers[0].Uri) { Scheme = Uri.UriSchemeHttps }.Uri;

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => RetrieveAsync(site, expectedEncrypted));

        Assert.Equal("MIPSEC4003", error.Code.Id);
    }

    private static Task<SimulatedSite> StartSiteAsync(Func<SimulatedServerDefinition, SimulatedServerDefinition> recorder) =>
        SimulatedSite.StartAsync(b => b.AddManagementServer().AddRecordingServer(configure: recorder));

    private static async Task<RetrievalResult> RetrieveAsync(SimulatedSite site, Uri recorderUri)
    {
        // The password reaches the integration the way it does in production: through an environment variable.
        var passwordVariable = "XPROTECT_PASSWORD_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(passwordVariable, site.Credentials.Password);
        try
        {
            return await RetrieveAsync(site, new Dictionary<string, string?>
            {
                ["Integration:ManagementServerUri"] = site.ManagementServer.Uri.ToString(),
                ["Integration:RecordingServerUri"] = recorderUri.ToString(),
                ["Integration:CameraId"] = site.RecordingServers[0].Cameras[0].Id.ToString(),
                ["Integration:UserName"] = site.Credentials.UserName,
                ["Integration:PasswordVariable"] = passwordVariable,
            });
        }
        finally
        {
            Environment.SetEnvironmentVariable(passwordVariable, null);
        }
    }
//#else
    [Fact]
    public async Task Opens_a_session_over_tls_with_a_valid_mobile_server()
    {
        await using var site = await StartSiteAsync(d => d);

        var result = await RetrieveAsync(site, site.MobileServers[0].Uri);

        Assert.True(result.Encrypted);
        Assert.Contains(site.MobileServers[0].Id.ToString("D"), result.Description, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Expired_certificate_is_refused_with_MIPSEC1004()
    {
        await using var site = await StartSiteAsync(d => d with { CertificateProfile = CertificateProfile.Expired });

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => RetrieveAsync(site, site.MobileServers[0].Uri));

        Assert.Equal("MIPSEC1004", error.Code.Id);
    }

    [Fact]
    public async Task Certificate_for_another_host_is_refused_with_MIPSEC1002()
    {
        await using var site = await StartSiteAsync(d => d with { CertificateProfile = CertificateProfile.WrongHost });

        var error = await Assert.ThrowsAsync<MipSecureTrustException>(() => RetrieveAsync(site, site.MobileServers[0].Uri));

        Assert.Equal("MIPSEC1002", error.Code.Id);
    }

    [Fact]
    public async Task Plaintext_server_where_encryption_was_expected_is_refused_with_MIPSEC4003()
    {
        await using var site = await StartSiteAsync(d => d with { Encrypted = false });
        var expectedEncrypted = new UriBuilder(site.MobileServers[0].Uri) { Scheme = Uri.UriSchemeHttps }.Uri;

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(() => RetrieveAsync(site, expectedEncrypted));

        Assert.Equal("MIPSEC4003", error.Code.Id);
    }

    private static Task<SimulatedSite> StartSiteAsync(Func<SimulatedServerDefinition, SimulatedServerDefinition> mobileServer) =>
        SimulatedSite.StartAsync(b => b.AddMobileServer(configure: mobileServer));

    private static Task<RetrievalResult> RetrieveAsync(SimulatedSite site, Uri mobileServerUri) =>
        RetrieveAsync(site, new Dictionary<string, string?> { ["Integration:MobileServerUri"] = mobileServerUri.ToString() });
//#endif

    private static async Task<RetrievalResult> RetrieveAsync(SimulatedSite site, Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddIntegration(configuration, options =>
        {
            // Trust the site's CA and nothing else, as the integration trusts the CA file in production.
            options.CaCertificates.Add(site.RootCertificate);
            foreach (var host in site.HostMap)
            {
                options.AddressOverrides[host.Key] = host.Value.ToString();
            }
        });
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        return await provider.GetRequiredService<SiteClient>().RetrieveAsync();
    }
}
