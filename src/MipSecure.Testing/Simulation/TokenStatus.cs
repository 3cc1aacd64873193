namespace MipSecure.Testing.Simulation;

/// <summary>What a simulated server thinks of a token. The non-valid values match ImageServer error 20001's sub-codes.</summary>
public enum TokenStatus
{
    /// <summary>The token is known and not expired.</summary>
    Valid = 0,

    /// <summary>No token was supplied (sub-code 1).</summary>
    Missing = 1,

    /// <summary>The token is not one the site issued (sub-code 2, validation failed).</summary>
    Invalid = 2,

    /// <summary>The token expired (sub-code 3).</summary>
    Expired = 3,
}
