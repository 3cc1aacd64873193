using System.Collections.Concurrent;
using System.Net.Security;
using MipSecure.Testing.Simulation;
using MipSecure.Trust.Tls;
using MipSecure.Trust.Validation;

namespace MipSecure.Testing.Tests.Support;

/// <summary>Validates server certificates against a site's CA with MipSecure.Trust, and keeps every report for assertions.</summary>
internal sealed class SiteTrust
{
    public SiteTrust(SimulatedSite site, TimeProvider? timeProvider = null)
    {
        Validator = new CertificateValidator(site.TrustAnchors, new CertificateValidationOptions { TimeProvider = timeProvider ?? TimeProvider.System });
    }

    public CertificateValidator Validator { get; }

    public ConcurrentQueue<TrustReport> Reports { get; } = new();

    public RemoteCertificateValidationCallback CallbackFor(string hostName) =>
        TlsCertificateValidation.CreateCallback(Validator, hostName, "simulated server", Reports.Enqueue);

    /// <summary>A callback for SocketsHttpHandler, which names the dialled host in the SslStream it passes as sender.</summary>
    public RemoteCertificateValidationCallback HttpCallback() =>
        (sender, certificate, chain, errors) =>
        {
            var host = ((SslStream)sender).TargetHostName;
            return CallbackFor(host)(sender, certificate, chain, errors);
        };
}
