namespace MipApp._1;

/// <summary>What one retrieval brought back.</summary>
public sealed class RetrievalResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="server">How the server is named in messages.</param>
    /// <param name="encrypted">Whether the connection was TLS with a validated certificate.</param>
    /// <param name="description">What was retrieved, for the log.</param>
    /// <param name="bytes">How many bytes of payload were retrieved.</param>
    public RetrievalResult(string server, bool encrypted, string description, int bytes)
    {
        Server = server;
        Encrypted = encrypted;
        Description = description;
        Bytes = bytes;
    }

    /// <summary>Gets how the server is named in messages.</summary>
    public string Server { get; }

    /// <summary>Gets whether the connection was TLS with a validated certificate.</summary>
    public bool Encrypted { get; }

    /// <summary>Gets what was retrieved.</summary>
    public string Description { get; }

    /// <summary>Gets how many bytes of payload were retrieved.</summary>
    public int Bytes { get; }
}
