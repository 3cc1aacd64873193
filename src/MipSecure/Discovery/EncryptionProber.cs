using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MipSecure.Connections;
using MipSecure.Diagnostics;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Trust;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;

namespace MipSecure.Discovery;

/// <summary>
/// Actively checks what a port speaks: a TLS handshake first (validated like a real connection), then, if the server neither
/// completed TLS nor answered, a plaintext request. The answer is compared with the URI's scheme, so drift is a finding:
/// https configured but plaintext spoken is an error, http configured but TLS spoken is a warning. Nothing is ever retried
/// over plaintext. Each target has a hard time limit: a hanging server cannot delay the result past it.
/// </summary>
public sealed class EncryptionProber
{
    private readonly ICertificateValidator _validator;
    private readonly SocketDialer _dialer;
    private readonly ProbeSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    /// <summary>Creates a prober.</summary>
    /// <param name="validator">The validator with the site's CA certificates: a <see cref="CertificateValidator"/> or a <see cref="CachingCertificateValidator"/>.</param>
    /// <param name="settings">The time per target and the number probed at once.</param>
    /// <param name="timeProvider">The clock the time limits use.</param>
    /// <param name="addressOverrides">Host-to-address overrides; <see langword="null"/> for DNS only.</param>
    /// <param name="logger">Where results are logged.</param>
    public EncryptionProber(
        ICertificateValidator validator, ProbeSettings settings, TimeProvider timeProvider, AddressOverrides? addressOverrides = null, ILogger<EncryptionProber>? logger = null)
    {
        _validator = validator ?? throw new ArgumentNullException(nameof(validator));
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _dialer = new SocketDialer(addressOverrides ?? AddressOverrides.None);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the TLS versions offered; <see cref="System.Security.Authentication.SslProtocols.None"/> (the default) lets the operating system choose.</summary>
    /// <value>The default value is <see cref="System.Security.Authentication.SslProtocols.None"/>.</value>
    public System.Security.Authentication.SslProtocols TlsVersions { get; init; }

    /// <summary>Probes every endpoint, at most <see cref="ProbeSettings.MaxConcurrency"/> at a time.</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <param name="cancellationToken">Cancels every probe.</param>
    /// <returns>One result per endpoint, in the order given.</returns>
    public async Task<IReadOnlyList<ProbeResult>> ProbeAllAsync(IEnumerable<XProtectEndpoint> endpoints, CancellationToken cancellationToken = default)
    {
        if (endpoints is null)
        {
            throw new ArgumentNullException(nameof(endpoints));
        }

        using var gate = new SemaphoreSlim(_settings.MaxConcurrency, _settings.MaxConcurrency);
        var probes = endpoints.Select(async endpoint =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await ProbeAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        return await Task.WhenAll(probes).ConfigureAwait(false);
    }

    /// <summary>Probes one endpoint within <see cref="ProbeSettings.Timeout"/>.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The result; never throws for a server's behaviour.</returns>
    public async Task<ProbeResult> ProbeAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken = default)
    {
        var probed = await ProbeCoreAsync(endpoint, keepConnection: false, cancellationToken).ConfigureAwait(false);
        return probed.Result;
    }

    /// <summary>
    /// Probes one endpoint like <see cref="ProbeAsync"/> and, when it spoke TLS as configured, its certificate is trusted and
    /// nothing was written on the connection, hands that validated connection to the caller (who disposes it); otherwise the
    /// connection is <see langword="null"/>. The audit proves the login over it instead of opening a second connection.
    /// </summary>
    internal Task<ProbedConnection> ProbeKeepingConnectionAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken) =>
        ProbeCoreAsync(endpoint, keepConnection: true, cancellationToken);

    private async Task<ProbedConnection> ProbeCoreAsync(XProtectEndpoint endpoint, bool keepConnection, CancellationToken cancellationToken)
    {
        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

        var started = _timeProvider.GetTimestamp();
        // The deadline starts before the first packet is sent, so the target's time is counted from the very start.
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var deadline = TimeProviderDelay.Delay(_timeProvider, _settings.Timeout, timer.Token);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = ObserveAsync(endpoint, limit.Token);
        var first = await Task.WhenAny(work, deadline).ConfigureAwait(false);
        ProbedConnection probed;
        if (first == work)
        {
            timer.Cancel();
            probed = await work.ConfigureAwait(false);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();

            // The target hangs: stop waiting for it, and let its sockets close in the background.
            limit.Cancel();
            _ = work.ContinueWith(static t => t.Result.Connection?.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            _ = work.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            probed = new ProbedConnection(Build(endpoint, Observation.Silent(), started), null);
        }

        Log.Probed(_logger, endpoint, probed.Result);
        return probed;

        async Task<ProbedConnection> ObserveAsync(XProtectEndpoint target, CancellationToken token)
        {
            var observation = await ObserveCoreAsync(target, keepConnection, token).ConfigureAwait(false);
            var result = Build(target, observation, started);
            if (observation.Connection is { } connection && (result.Outcome != ProbeOutcome.Encrypted || result.HasErrors))
            {
                connection.Dispose();
                return new ProbedConnection(result, null);
            }

            return new ProbedConnection(result, observation.Connection);
        }
    }

    private async Task<Observation> ObserveCoreAsync(XProtectEndpoint endpoint, bool keepConnection, CancellationToken cancellationToken)
    {
        // Half the time for the TLS attempt, so a silent plaintext server still leaves time for the plaintext check.
        var tlsBudget = TimeSpan.FromTicks(_settings.Timeout.Ticks / 2);
        TlsHandshakeResult handshake;
        using (var tlsLimit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            Socket socket;
            try
            {
                socket = await _dialer.DialAsync(endpoint, cancellationToken).ConfigureAwait(false);
            }
            catch (MipSecureConnectionException ex)
            {
                return Observation.Failed(ex);
            }

            using var timer = TimeProviderDelay.CancelAfter(_timeProvider, tlsLimit, tlsBudget);
            try
            {
                handshake = await TlsHandshake.RunAsync(new NetworkStream(socket, ownsSocket: true), endpoint, _validator, TlsVersions, tlsLimit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                handshake = new TlsHandshakeResult(null, null, ServerGreeting.Nothing, null);
            }
        }

        var owned = handshake.Stream;
        try
        {
            if (handshake.ServerSpokeTls)
            {
                var refused = handshake.ClientCertificateRequested
                    && (handshake.Stream is null || !await AnswersWithoutClientCertificateAsync(handshake.Stream, endpoint, cancellationToken).ConfigureAwait(false));

                // Only a connection nothing was written on, to a certificate that was trusted, is worth handing on.
                var kept = keepConnection && !handshake.ClientCertificateRequested && handshake.Report is { IsTrusted: true } ? handshake.Stream : null;
                if (kept is not null)
                {
                    owned = null;
                }

                return Observation.Tls(handshake, refused, await VersionMismatchAsync(endpoint, handshake, cancellationToken).ConfigureAwait(false), kept);
            }

            if (handshake.Greeting == ServerGreeting.Plaintext)
            {
                return Observation.Plaintext();
            }
        }
        finally
        {
            owned?.Dispose();
        }

        return await PlaintextCheckAsync(endpoint, cancellationToken).ConfigureAwait(false);
    }

    // A handshake that failed before any certificate may be a version mismatch: a quarter of the time to ask version by version.
    private async Task<MipSecureConnectionException?> VersionMismatchAsync(XProtectEndpoint endpoint, TlsHandshakeResult handshake, CancellationToken cancellationToken)
    {
        if (!TlsVersionProbe.MayBeVersionMismatch(handshake))
        {
            return null;
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = TimeProviderDelay.CancelAfter(_timeProvider, limit, TimeSpan.FromTicks(_settings.Timeout.Ticks / 4));
        try
        {
            return await ConnectionFailures.VersionMismatchAsync(endpoint, handshake, new TlsVersionProbe(_dialer, _validator, TlsVersions), limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    // Over TLS 1.3 a server that requires a client certificate completes the handshake and refuses the first request;
    // asking once tells a server that merely offers client authentication from one that requires it.
    private async Task<bool> AnswersWithoutClientCertificateAsync(System.Net.Security.SslStream stream, XProtectEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var timer = TimeProviderDelay.CancelAfter(_timeProvider, limit, TimeSpan.FromTicks(_settings.Timeout.Ticks / 4));
        using var closeOnCancel = limit.Token.Register(static state => ((Stream)state!).Dispose(), stream);
        try
        {
            var request = Encoding.ASCII.GetBytes("HEAD / HTTP/1.0\r\nHost: " + endpoint.Host + "\r\n\r\n");
            await stream.WriteAsync(request, 0, request.Length, limit.Token).ConfigureAwait(false);
            var buffer = new byte[1];
            return await stream.ReadAsync(buffer, 0, 1, limit.Token).ConfigureAwait(false) > 0;
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or ObjectDisposedException or OperationCanceledException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return false;
        }
    }

    /// <summary>An ImageServer request every recording server answers (with a refusal): connect without camera or token.</summary>
    internal const string ImageServerProbeRequest =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><methodcall><requestid>0</requestid><methodname>connect</methodname></methodcall>\r\n\r\n";

    private async Task<Observation> PlaintextCheckAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = await _dialer.DialAsync(endpoint, cancellationToken).ConfigureAwait(false);
            using var stream = new NetworkStream(socket, ownsSocket: false);
            using var closeOnCancel = cancellationToken.Register(static state => ((Socket)state!).Dispose(), socket);

            // A recording server or failover recorder may stay silent on anything but the ImageServer protocol (what it does with a
            // TLS client hello or HEAD / is not documented), but it answers a <methodcall>: a connect without a token, which it refuses.
            // Every other XProtect web port answers HTTP in plaintext when encryption is off.
            var request = Encoding.ASCII.GetBytes(endpoint.Role is ServerRole.RecordingServer or ServerRole.FailoverRecorder
                ? ImageServerProbeRequest
                : "HEAD / HTTP/1.0\r\nHost: " + endpoint.Host + "\r\n\r\n");
            await stream.WriteAsync(request, 0, request.Length, cancellationToken).ConfigureAwait(false);
            var buffer = new byte[1];
            var read = await stream.ReadAsync(buffer, 0, 1, cancellationToken).ConfigureAwait(false);
            return read == 0 ? Observation.Silent() : buffer[0] == 0x15 || buffer[0] == 0x16 ? Observation.TlsWithoutHandshake() : Observation.Plaintext();
        }
        catch (MipSecureConnectionException ex)
        {
            return Observation.Failed(ex);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Observation.Silent();
        }
    }

    private ProbeResult Build(XProtectEndpoint endpoint, Observation observation, long started)
    {
        var elapsed = _timeProvider.GetElapsedTime(started);
        var findings = new List<TrustFinding>();
        if (observation.SpeaksTls is null)
        {
            findings.Add(observation.Failure is { } failure
                ? new TrustFinding(failure.Code, FindingSeverity.Error, failure.Detail, failure.Remedy)
                : new TrustFinding(
                    MipSecCodes.ConnectionTimedOut, FindingSeverity.Error,
                    $"The {endpoint.Description} at {endpoint.Uri} accepted the connection but answered neither a TLS handshake nor a plaintext request within {_settings.Timeout}.",
                    "Check that the address points at the XProtect service and that the service is healthy."));
            return new ProbeResult(endpoint, ProbeOutcome.Unreachable, null, null, findings, elapsed);
        }

        var configured = endpoint.Encryption == EndpointEncryption.On;
        var speaksTls = observation.SpeaksTls.Value;
        if (configured && !speaksTls)
        {
            findings.Add(new TrustFinding(
                MipSecCodes.PlaintextOnEncryptedEndpoint, FindingSeverity.Error,
                $"The {endpoint.Description} is configured as {endpoint.Uri} (encryption on), but the port answers in plaintext.",
                "Turn encryption on for this server with Server Configurator, or correct the address; never fall back to http."));
        }
        else if (!configured && speaksTls)
        {
            findings.Add(new TrustFinding(
                MipSecCodes.TlsOnPlaintextEndpoint, FindingSeverity.Warning,
                $"The {endpoint.Description} is configured as {endpoint.Uri} (encryption off), but the port speaks TLS.",
                "Update the address to https so that clients connect with TLS: the server's encryption was turned on after the configuration was written."));
        }

        if (observation.Report is not null)
        {
            findings.AddRange(observation.Report.Findings);
        }

        if (observation.ClientCertificateRequired && (observation.Report is null || observation.Report.IsTrusted))
        {
            findings.Add(new TrustFinding(
                MipSecCodes.ClientCertificateRequired, FindingSeverity.Error,
                $"The {endpoint.Description} at {endpoint.Uri} requires a client certificate and refuses connections without one; XProtect clients authenticate with tokens and present none.",
                "Point the address at the XProtect service itself, or configure the proxy in front of it not to require client certificates."));
        }
        else if (observation.VersionMismatch is { } mismatch)
        {
            findings.Add(new TrustFinding(mismatch.Code, FindingSeverity.Error, mismatch.Detail, mismatch.Remedy));
        }
        else if (observation.Report is null && observation.HandshakeFailure is not null && speaksTls)
        {
            findings.Add(new TrustFinding(
                MipSecCodes.TlsHandshakeFailed, FindingSeverity.Error,
                $"The {endpoint.Description} at {endpoint.Uri} speaks TLS but refused the handshake.",
                "Enable TLS 1.2 or 1.3 on both sides and check that the server's certificate has a usable private key."));
        }

        var outcome = configured != speaksTls ? ProbeOutcome.Mismatch : speaksTls ? ProbeOutcome.Encrypted : ProbeOutcome.Plaintext;
        return new ProbeResult(endpoint, outcome, speaksTls, observation.Report, findings, elapsed) { PresentedCertificates = observation.Certificates };
    }

    private sealed class Observation
    {
        private Observation(bool? speaksTls, TrustReport? report, Exception? handshakeFailure, MipSecureConnectionException? failure)
        {
            SpeaksTls = speaksTls;
            Report = report;
            HandshakeFailure = handshakeFailure;
            Failure = failure;
        }

        public bool? SpeaksTls { get; }

        public TrustReport? Report { get; }

        public Exception? HandshakeFailure { get; }

        public MipSecureConnectionException? Failure { get; }

        public IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> Certificates { get; private init; } =
            Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>();

        public bool ClientCertificateRequired { get; private init; }

        public MipSecureConnectionException? VersionMismatch { get; private init; }

        // The validated TLS connection, when the caller asked to keep it.
        public Stream? Connection { get; private init; }

        public static Observation Tls(TlsHandshakeResult handshake, bool clientCertificateRequired, MipSecureConnectionException? versionMismatch, Stream? kept) =>
            new(true, handshake.Report, handshake.Stream is null ? handshake.Failure ?? new IOException("handshake failed") : null, null)
            {
                Certificates = handshake.PresentedCertificates,
                ClientCertificateRequired = clientCertificateRequired,
                VersionMismatch = versionMismatch,
                Connection = kept,
            };

        public static Observation TlsWithoutHandshake() => new(true, null, new IOException("The server answered a plaintext request with TLS."), null);

        public static Observation Plaintext() => new(false, null, null, null);

        public static Observation Silent() => new(null, null, null, null);

        public static Observation Failed(MipSecureConnectionException failure) => new(null, null, null, failure);
    }
}

/// <summary>A probe's result and, when the caller asked for it and the probe was clean, the validated TLS connection it made.</summary>
/// <param name="Result">The probe's result.</param>
/// <param name="Connection">The connection, owned by the caller from here on; <see langword="null"/> when none is handed on.</param>
internal sealed record ProbedConnection(ProbeResult Result, Stream? Connection);
