using System;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.ImageServer;

/// <summary>
/// A recording server refused an ImageServer request. Error 20001 with sub-error 1 (no token), 2 (token not valid) or 3
/// (token expired) is an authorization failure and is never retried; sub-error 4 ("retry later") is transient.
/// </summary>
public sealed class ImageServerException : MipSecureConnectionException
{
    /// <summary>The ImageServer error number for token problems.</summary>
    public const int TokenErrorNumber = 20001;

    /// <summary>The sub-error that asks the client to retry later.</summary>
    public const int RetryLaterSubError = 4;

    /// <summary>Creates an exception from an ImageServer error answer.</summary>
    /// <param name="endpoint">The recording server.</param>
    /// <param name="errorNumber">The error number, for example 20001.</param>
    /// <param name="subErrorNumber">The sub-error number.</param>
    /// <param name="reason">The server's own words, if any.</param>
    public ImageServerException(XProtectEndpoint endpoint, int errorNumber, int subErrorNumber, string? reason)
        : base(
            CodeFor(errorNumber, subErrorNumber),
            endpoint,
            $"The {endpoint?.Description} refused the ImageServer request: error {errorNumber}/{subErrorNumber} ({Explain(errorNumber, subErrorNumber, reason)}).",
            RemedyFor(errorNumber, subErrorNumber),
            isTransient: IsRetryLater(errorNumber, subErrorNumber))
    {
        ErrorNumber = errorNumber;
        SubErrorNumber = subErrorNumber;
    }

    /// <summary>Gets the error number.</summary>
    public int ErrorNumber { get; }

    /// <summary>Gets the sub-error number.</summary>
    public int SubErrorNumber { get; }

    private static bool IsRetryLater(int errorNumber, int subErrorNumber) => errorNumber == TokenErrorNumber && subErrorNumber == RetryLaterSubError;

    private static MipSecCode CodeFor(int errorNumber, int subErrorNumber) =>
        IsRetryLater(errorNumber, subErrorNumber) ? MipSecCodes.ServerBusy : MipSecCodes.AuthorizationFailed;

    private static string Explain(int errorNumber, int subErrorNumber, string? reason)
    {
        var known = errorNumber != TokenErrorNumber ? null : subErrorNumber switch
        {
            1 => "no token supplied",
            2 => "token validation failed",
            3 => "token expired",
            4 => "retry later",
            _ => null,
        };
        return known ?? (string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason!);
    }

    private static string RemedyFor(int errorNumber, int subErrorNumber) => IsRetryLater(errorNumber, subErrorNumber)
        ? "The recording server is busy; MipSecure retried as configured. Try again later or raise MipSecure:Retry:MaxRetryAttempts."
        : "Log in to the management server again for a fresh token, and check that the user may view this camera.";
}
