using System;
using System.Globalization;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// A fault a simulated server injects. Set it when describing the site or change it while the site runs with
/// <see cref="SimulatedServer.Fault"/>. Connection faults apply to connections accepted after the change.
/// </summary>
public sealed record ServerFault
{
    private ServerFault(ServerFaultKind kind)
    {
        Kind = kind;
    }

    /// <summary>Gets the server behaving.</summary>
    public static ServerFault None { get; } = new(ServerFaultKind.None);

    /// <summary>Gets what the fault does.</summary>
    public ServerFaultKind Kind { get; }

    /// <summary>Gets the bytes sent before a reset (<see cref="ServerFaultKind.ResetAfterBytes"/>) or per chunk (<see cref="ServerFaultKind.DripBytes"/>).</summary>
    public int ByteCount { get; private init; }

    /// <summary>Gets the pause between chunks (<see cref="ServerFaultKind.DripBytes"/>) or the Retry-After delay (<see cref="ServerFaultKind.ServiceUnavailable"/>).</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>Gets how many connections fail (<see cref="ServerFaultKind.FailFirstConnections"/>).</summary>
    public int ConnectionCount { get; private init; }

    /// <summary>Gets the fault the first connections suffer (<see cref="ServerFaultKind.FailFirstConnections"/>).</summary>
    public ServerFault? Inner { get; private init; }

    /// <summary>Gets how long a token really lives (<see cref="ServerFaultKind.ExpireTokensEarly"/>).</summary>
    public TimeSpan TokenLifetime { get; private init; }

    /// <summary>Stops the server's ports listening, so connections are refused until the fault is cleared.</summary>
    /// <returns>The fault.</returns>
    public static ServerFault RefuseConnections() => new(ServerFaultKind.RefuseConnections);

    /// <summary>Accepts connections and never answers; the connection ends when the client closes it or the site is disposed.</summary>
    /// <returns>The fault.</returns>
    public static ServerFault AcceptThenHang() => new(ServerFaultKind.AcceptThenHang);

    /// <summary>Starts the TLS handshake and stalls after the first bytes of the server's reply.</summary>
    /// <returns>The fault.</returns>
    public static ServerFault HangMidHandshake() => new(ServerFaultKind.HangMidHandshake);

    /// <summary>Resets the connection once the server has sent <paramref name="byteCount"/> bytes (TLS records included).</summary>
    /// <param name="byteCount">The bytes sent before the reset; 0 resets at once.</param>
    /// <returns>The fault.</returns>
    public static ServerFault ResetAfterBytes(int byteCount) =>
        byteCount >= 0 ? new(ServerFaultKind.ResetAfterBytes) { ByteCount = byteCount } : throw new ArgumentOutOfRangeException(nameof(byteCount));

    /// <summary>Sends every write in chunks of <paramref name="chunkSize"/> bytes, waiting <paramref name="interval"/> on the site's clock between chunks.</summary>
    /// <param name="interval">The pause between chunks.</param>
    /// <param name="chunkSize">The bytes per chunk.</param>
    /// <returns>The fault.</returns>
    public static ServerFault DripBytes(TimeSpan interval, int chunkSize = 1) =>
        chunkSize > 0 && interval >= TimeSpan.Zero
            ? new(ServerFaultKind.DripBytes) { Delay = interval, ByteCount = chunkSize }
            : throw new ArgumentOutOfRangeException(nameof(chunkSize));

    /// <summary>Answers the client hello with a fatal handshake_failure alert, then closes.</summary>
    /// <returns>The fault.</returns>
    public static ServerFault TlsAlert() => new(ServerFaultKind.TlsAlert);

    /// <summary>Speaks plaintext on the TLS port and TLS on the plaintext port, as a server whose encryption setting drifted.</summary>
    /// <returns>The fault.</returns>
    public static ServerFault WrongProtocol() => new(ServerFaultKind.WrongProtocol);

    /// <summary>Makes the next <paramref name="count"/> connections suffer <paramref name="fault"/>; later connections succeed.</summary>
    /// <param name="count">How many connections fail.</param>
    /// <param name="fault">The connection fault; <see cref="RefuseConnections"/> becomes a reset at accept, since a closed port cannot count.</param>
    /// <returns>The fault.</returns>
    public static ServerFault FailFirstConnections(int count, ServerFault? fault = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);

        var inner = fault ?? ResetAfterBytes(0);
        if (inner.Kind is ServerFaultKind.FailFirstConnections or ServerFaultKind.ServiceUnavailable or ServerFaultKind.ExpireTokensEarly
            or ServerFaultKind.StatusBeforeFrame or ServerFaultKind.SilentExceptImageServer or ServerFaultKind.None)
        {
            throw new ArgumentException("Only a connection fault can fail the first connections.", nameof(fault));
        }

        return new(ServerFaultKind.FailFirstConnections) { ConnectionCount = count, Inner = inner };
    }

    /// <summary>Answers every request with 503 and <c>Retry-After</c> (ImageServer: error 20001 sub-code 4, "retry later").</summary>
    /// <param name="retryAfter">The delay the server asks for, in whole seconds.</param>
    /// <returns>The fault.</returns>
    public static ServerFault ServiceUnavailable(TimeSpan retryAfter) =>
        retryAfter >= TimeSpan.Zero ? new(ServerFaultKind.ServiceUnavailable) { Delay = retryAfter } : throw new ArgumentOutOfRangeException(nameof(retryAfter));

    /// <summary>
    /// Makes tokens die early. A management server issues tokens that still say <c>expires_in: 3600</c> but live only
    /// <paramref name="actualLifetime"/>; a recording, mobile or event server treats every token as expired.
    /// </summary>
    /// <param name="actualLifetime">How long issued tokens really live.</param>
    /// <returns>The fault.</returns>
    public static ServerFault ExpireTokensEarly(TimeSpan actualLifetime = default) =>
        actualLifetime >= TimeSpan.Zero ? new(ServerFaultKind.ExpireTokensEarly) { TokenLifetime = actualLifetime } : throw new ArgumentOutOfRangeException(nameof(actualLifetime));

    /// <summary>Sends an XML status document (<c>&lt;livepackage&gt;&lt;status&gt;…</c>) before every image a <c>goto</c> asks for.</summary>
    /// <returns>The fault.</returns>
    public static ServerFault StatusBeforeFrame() => new(ServerFaultKind.StatusBeforeFrame);

    /// <summary>Answers only ImageServer <c>&lt;methodcall&gt;</c> requests; a TLS client hello or HTTP request gets silence.</summary>
    /// <returns>The fault.</returns>
    public static ServerFault SilentExceptImageServer() => new(ServerFaultKind.SilentExceptImageServer);

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        ServerFaultKind.ResetAfterBytes => $"ResetAfterBytes({ByteCount.ToString(CultureInfo.InvariantCulture)})",
        ServerFaultKind.DripBytes => $"DripBytes({Delay}, {ByteCount.ToString(CultureInfo.InvariantCulture)})",
        ServerFaultKind.FailFirstConnections => $"FailFirstConnections({ConnectionCount.ToString(CultureInfo.InvariantCulture)}, {Inner})",
        ServerFaultKind.ServiceUnavailable => $"ServiceUnavailable({Delay})",
        ServerFaultKind.ExpireTokensEarly => $"ExpireTokensEarly({TokenLifetime})",
        _ => Kind.ToString(),
    };
}
