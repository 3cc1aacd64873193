namespace MipSecure.Testing.Simulation;

/// <summary>What a simulated server thinks of a token.</summary>
public enum TokenStatus
{
    /// <summary>The token is known, of the kind this server accepts, and not expired.</summary>
    Valid = 0,

    /// <summary>No token was supplied.</summary>
    Missing = 1,

    /// <summary>The token is not one the site issued, or of the other kind (an access token at a recording server).</summary>
    Invalid = 2,

    /// <summary>The token expired.</summary>
    Expired = 3,
}
