namespace MipSecure.Discovery;

/// <summary>What an active probe found on a port, compared with what the configuration says.</summary>
public enum ProbeOutcome
{
    /// <summary>The port speaks TLS, as the https URI says. The certificate verdict is in the probe's report.</summary>
    Encrypted = 0,

    /// <summary>The port speaks plaintext, as the http URI says.</summary>
    Plaintext = 1,

    /// <summary>Nothing could be learned: the port is closed, the host unknown, or the server did not answer in time.</summary>
    Unreachable = 2,

    /// <summary>
    /// The port disagrees with the configuration: https configured but plaintext spoken (an error, MIPSEC4003), or http
    /// configured but TLS spoken (a warning, MIPSEC4004).
    /// </summary>
    Mismatch = 3,
}
