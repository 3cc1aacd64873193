namespace MipSecure.Testing.Simulation;

/// <summary>What a <see cref="ServerFault"/> does to connections or requests.</summary>
public enum ServerFaultKind
{
    /// <summary>The server behaves.</summary>
    None = 0,

    /// <summary>The server's ports stop listening, so connection attempts are refused.</summary>
    RefuseConnections = 1,

    /// <summary>Connections are accepted, then nothing is ever sent.</summary>
    AcceptThenHang = 2,

    /// <summary>The TLS handshake starts and the server stops answering in the middle of it.</summary>
    HangMidHandshake = 3,

    /// <summary>The connection is reset after the server has sent a number of bytes.</summary>
    ResetAfterBytes = 4,

    /// <summary>The server sends its bytes in small chunks with a pause between them.</summary>
    DripBytes = 5,

    /// <summary>The server answers the client hello with a fatal TLS alert.</summary>
    TlsAlert = 6,

    /// <summary>The server speaks plaintext on its TLS port and TLS on its plaintext port.</summary>
    WrongProtocol = 7,

    /// <summary>The first connections suffer another fault, later ones succeed.</summary>
    FailFirstConnections = 8,

    /// <summary>Requests are answered with 503 Service Unavailable and Retry-After (ImageServer: error 20001, sub-code 4).</summary>
    ServiceUnavailable = 9,

    /// <summary>Tokens expire long before the lifetime they were issued with.</summary>
    ExpireTokensEarly = 10,

    /// <summary>A recording server sends an XML status document before the image each <c>goto</c> asks for.</summary>
    StatusBeforeFrame = 11,

    /// <summary>
    /// A plaintext recording server that answers only ImageServer <c>&lt;methodcall&gt;</c> requests: a TLS client hello or an HTTP
    /// request gets no answer at all until the client gives up (what a real one does is not documented).
    /// </summary>
    SilentExceptImageServer = 12,
}
