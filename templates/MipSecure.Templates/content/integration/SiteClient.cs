using System;
//#if (IsMobile)
using System.Globalization;
using System.Net.Http;
using System.Text;
//#endif
using System.Threading;
using System.Threading.Tasks;
//#if (IsMobile)
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
//#endif
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MipSecure.Discovery;
using MipSecure.Endpoints;
//#if (IsRecording)
using MipSecure.ImageServer;
using MipSecure.Login;
//#endif
using MipSecure.Trust;

namespace MipApp._1;

/// <summary>
/// One retrieval from the site: discover whether the server has encryption on (an active probe beside the URI's scheme),
/// then connect through MipSecure, which validates the certificate against the site CA and the host name, never retries a
/// trust failure and never falls back to plaintext when the URI says https.
/// </summary>
public sealed partial class SiteClient
{
    private readonly IntegrationOptions _options;
    private readonly EncryptionProber _prober;
//#if (IsRecording)
    private readonly XProtectLogin _login;
    private readonly ImageServerClient _imageServer;
    private readonly TimeProvider _timeProvider;
//#else
    private readonly IHttpClientFactory _httpClients;
    private int _sequence;
//#endif
    private readonly ILogger<SiteClient> _logger;

//#if (IsRecording)
    /// <summary>Creates the client from the services MipSecure registers.</summary>
    /// <param name="options">The site.</param>
    /// <param name="prober">Discovers encryption.</param>
    /// <param name="login">Logs in: the identity provider's access token, then ServerCommandService Login for the VMS token.</param>
    /// <param name="imageServer">Retrieves frames over validated connections.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The log.</param>
    public SiteClient(
        IOptions<IntegrationOptions> options,
        EncryptionProber prober,
        XProtectLogin login,
        ImageServerClient imageServer,
        TimeProvider timeProvider,
        ILogger<SiteClient> logger)
    {
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _prober = prober;
        _login = login;
        _imageServer = imageServer;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Probes the recording server, logs in at the management server and retrieves the newest frame of the camera.</summary>
    /// <param name="cancellationToken">Stops the retrieval.</param>
    /// <returns>The frame's size and the connection's encryption.</returns>
    /// <exception cref="MipSecure.Trust.Diagnostics.MipSecureException">A coded error (MIPSECnnnn): an untrusted, misnamed or expired certificate, a plaintext server where https was configured, a refused login, a connection that kept failing.</exception>
    public async Task<RetrievalResult> RetrieveAsync(CancellationToken cancellationToken = default)
    {
        var managementServer = XProtectEndpoint.Parse(_options.ManagementServerUri, ServerRole.ManagementServer);
        var recorder = XProtectEndpoint.RecordingServer(_options.RecordingServerUri);
        await ProbeAsync(recorder, cancellationToken).ConfigureAwait(false);

        var password = Environment.GetEnvironmentVariable(_options.PasswordVariable);
        if (string.IsNullOrEmpty(password))
        {
            throw new InvalidOperationException($"Set the environment variable {_options.PasswordVariable} to the password of XProtect user '{_options.UserName}'.");
        }

        // Recording servers accept only the VMS token of ServerCommandService Login, never the identity provider's access token.
        var session = await _login.LogInAsync(managementServer, XProtectCredentials.BasicUser(_options.UserName, password!), cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var retrieval = await _imageServer.GetFrameAsync(recorder, _options.CameraId, session, _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            var result = retrieval.Frame is { } frame
                ? new RetrievalResult(recorder.Description, recorder.Encryption == EndpointEncryption.On, frame.ContentType + " frame", frame.Data.Length)
                : new RetrievalResult(recorder.Description, recorder.Encryption == EndpointEncryption.On, "no recording", 0);
            LogRetrieved(_logger, result.Description, result.Bytes, result.Server, result.Encrypted);
            return result;
        }
    }
//#else
    /// <summary>Creates the client from the services MipSecure registers.</summary>
    /// <param name="options">The site.</param>
    /// <param name="prober">Discovers encryption.</param>
    /// <param name="httpClients">Gives the MipSecure HttpClient: validated TLS, address overrides, resilience.</param>
    /// <param name="logger">The log.</param>
    public SiteClient(IOptions<IntegrationOptions> options, EncryptionProber prober, IHttpClientFactory httpClients, ILogger<SiteClient> logger)
    {
        _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;
        _prober = prober;
        _httpClients = httpClients;
        _logger = logger;
    }

    /// <summary>Probes the mobile server and opens a session with its Connect command.</summary>
    /// <param name="cancellationToken">Stops the retrieval.</param>
    /// <returns>The session's server id and the connection's encryption.</returns>
    /// <exception cref="MipSecure.Trust.Diagnostics.MipSecureException">A coded error (MIPSECnnnn): an untrusted, misnamed or expired certificate, a plaintext server where https was configured, a connection that kept failing.</exception>
    public async Task<RetrievalResult> RetrieveAsync(CancellationToken cancellationToken = default)
    {
        var mobileServer = XProtectEndpoint.Parse(_options.MobileServerUri, ServerRole.MobileServer);
        await ProbeAsync(mobileServer, cancellationToken).ConfigureAwait(false);

        var sequence = Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);
        var command = new XDocument(new XElement(
            "Communication",
            new XElement("Command", new XAttribute("SequenceId", sequence), new XElement("Type", "Request"), new XElement("Name", "Connect"))));
        using var content = new StringContent("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + command.ToString(SaveOptions.DisableFormatting), Encoding.UTF8, "text/xml");
        var client = _httpClients.CreateClient(MipSecureServiceCollectionExtensions.HttpClientName);
        using var response = await client.PostAsync(new Uri(mobileServer.Uri, "XProtectMobile/Communication"), content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        var reply = XDocument.Parse(body.Trim());
        var serverId = FindOutput(reply, "ServerId") ?? "unknown";

        var result = new RetrievalResult(mobileServer.Description, mobileServer.Encryption == EndpointEncryption.On, "session with server " + serverId, body.Length);
        LogRetrieved(_logger, result.Description, result.Bytes, result.Server, result.Encrypted);
        return result;
    }

    private static string? FindOutput(XDocument reply, string name)
    {
        foreach (var parameter in reply.Descendants("Param"))
        {
            if ((string?)parameter.Attribute("Name") == name)
            {
                return (string?)parameter.Attribute("Value");
            }
        }

        return null;
    }
//#endif

    private async Task ProbeAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken)
    {
        // The URI's scheme states encryption; the probe confirms it and catches drift before any credential is sent.
        var probe = await _prober.ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false);
        LogProbed(_logger, endpoint.Description, probe.Outcome);
        foreach (var finding in probe.Findings)
        {
            LogFinding(_logger, finding.Code.Id, finding.Severity.ToString(), finding.Message);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Probed {Server}: {Outcome}")]
    private static partial void LogProbed(ILogger logger, string server, ProbeOutcome outcome);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Code} ({Severity}): {Message}")]
    private static partial void LogFinding(ILogger logger, string code, string severity, string message);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Retrieved a {What} ({Bytes} bytes) from {Server}, encrypted: {Encrypted}")]
    private static partial void LogRetrieved(ILogger logger, string what, int bytes, string server, bool encrypted);
}
