using System;
using System.Threading.Tasks;
using MipSecure.Testing.Simulation;

namespace MipSecure.Tests.TestSupport;

/// <summary>The simulated site for <see cref="ClientTestContext"/>; not compiled into the netstandard2.0 twin, which cannot load the simulator.</summary>
internal sealed partial class ClientTestContext
{
    /// <summary>Starts a simulated site on this context's clock and CA, and maps every host of it to loopback.</summary>
    public async Task<SimulatedSite> StartSiteAsync(Action<SimulatedSiteBuilder> configure)
    {
        var site = await SimulatedSite.StartAsync(builder =>
        {
            builder.WithTimeProvider(Clock).WithCertificateAuthority(Issuing);
            configure(builder);
        });
        foreach (var host in site.HostMap.Keys)
        {
            // The site's URIs carry the bound ports, so the host alone is mapped.
            Overrides[host] = "127.0.0.1";
        }

        return site;
    }

    /// <summary>The login service on this context's clock and logs, over <paramref name="http"/>.</summary>
    public MipSecure.Login.XProtectLogin Login(System.Net.Http.HttpClient http) =>
        new(http, Clock, credentials => new System.Net.Http.HttpClient(new MipSecure.Http.SecureHttpHandler(Validator(), Resilience(), new MipSecure.Endpoints.AddressOverrides(Overrides), ExpiryMonitor(), Metrics, Logs.For<MipSecure.Http.SecureHttpHandler>()) { Credentials = credentials }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan }, Logs.For<MipSecure.Login.LoginSession>());

}
