using System.Net;
using MipSecure.Pki;
using MipSecure.Testing.Simulation;
using MipSecure.Testing.Tests.Support;
using MipSecure.Trust.Validation;

namespace MipSecure.Testing.Tests;

/// <summary>The package README's quick start, compiled and run so it cannot rot.</summary>
public sealed class ReadmeQuickStartTests
{
    [Fact]
    public async Task The_quick_start_runs()
    {
        using var timeout = Timeouts.Test();
        await using var site = await SimulatedSite.StartAsync(b => b
            .AddManagementServer()                                   // https://mgmt.contoso.local:PORT/ (+ an http listener)
            .AddRecordingServer("Recorder 1", "rec1.contoso.local")  // ImageServer protocol over TLS on one port
            .AddRecordingServer("Recorder 2", "rec2.contoso.local", d => d with { CertificateProfile = CertificateProfile.Expired })
            .AddFailoverRecorder()
            .AddMobileServer(configure: d => d with { Encrypted = false }));

        // Host names do not resolve: dial through the site's map. Trust the site's root, never "accept any certificate".
        IPEndPoint endpoint = site.ResolveEndPoint(site.RecordingServers[0].Uri);   // 127.0.0.1:PORT
        var validator = new CertificateValidator(site.TrustAnchors);
        string token = site.Tokens.IssueVmsToken();   // the VMS token of ServerCommandService Login; recorders refuse access tokens

        site.GetServer("Recorder 1").Fault = ServerFault.FailFirstConnections(2);   // change faults while the site runs

        Assert.Equal(IPAddress.Loopback, endpoint.Address);
        var recorder2 = site.GetServer("Recorder 2");
        Assert.False(validator.Validate(recorder2.Certificate.Certificate, recorder2.Certificate.Intermediates, recorder2.HostName).IsTrusted);
        Assert.Equal(TokenStatus.Valid, site.Tokens.CheckVmsToken(token));
        var trust = new SiteTrust(site);
        var firstAttempt = await Assert.ThrowsAnyAsync<Exception>(() => ImageServerClient.ConnectAsync(site, site.RecordingServers[0].Uri, trust, timeout.Token));
        Assert.True(firstAttempt is IOException or System.Security.Authentication.AuthenticationException or System.Net.Sockets.SocketException, firstAttempt.ToString());
    }
}
