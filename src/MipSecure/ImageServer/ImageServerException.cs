using System;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.ImageServer;

/// <summary>
/// A recording server refused an ImageServer request (<c>&lt;connected&gt;no&lt;/connected&gt;</c> with an <c>errorreason</c>).
/// <see cref="Kind"/> is read from the server's words; only <see cref="ImageServerRefusalKind.Busy"/> is transient.
/// </summary>
public sealed class ImageServerException : MipSecureConnectionException
{
    /// <summary>Creates an exception from a refusal.</summary>
    /// <param name="endpoint">The recording server.</param>
    /// <param name="kind">What the refusal is about.</param>
    /// <param name="reason">The server's own words, if any.</param>
    public ImageServerException(XProtectEndpoint endpoint, ImageServerRefusalKind kind, string? reason)
        : base(
            CodeFor(kind),
            endpoint,
            $"The {endpoint?.Description} at {endpoint?.Uri} refused the ImageServer request: {Explain(kind)} (the server said \"{(string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason)}\").",
            RemedyFor(kind),
            isTransient: kind == ImageServerRefusalKind.Busy)
    {
        Kind = kind;
        ServerReason = reason ?? string.Empty;
    }

    /// <summary>Gets what the refusal is about.</summary>
    public ImageServerRefusalKind Kind { get; }

    /// <summary>Gets the server's <c>errorreason</c>, as sent.</summary>
    public string ServerReason { get; }

    /// <summary>Classifies a recording server's <c>errorreason</c>.</summary>
    /// <param name="reason">The text.</param>
    /// <returns>What it is about; <see cref="ImageServerRefusalKind.Other"/> when it names nothing MipSecure recognises.</returns>
    /// <remarks>
    /// Milestone publishes neither the refusal texts nor numbers for the raw protocol; the words matched here are the ones such
    /// reasons are made of. Anything else stays <see cref="ImageServerRefusalKind.Other"/>: not retried, not blamed on the token.
    /// </remarks>
    internal static ImageServerRefusalKind Classify(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ImageServerRefusalKind.Other;
        }

        var text = reason!;
        if (Has(text, "busy", "retry later", "try again", "too many", "overload", "unavailable"))
        {
            return ImageServerRefusalKind.Busy;
        }

        if (Has(text, "token", "expired", "authenticat", "credential", "not logged in", "login"))
        {
            return ImageServerRefusalKind.TokenRejected;
        }

        if (Has(text, "permission", "access denied", "not allowed", "rights", "privilege", "unauthori", "not authori", "forbidden"))
        {
            return ImageServerRefusalKind.NoPermission;
        }

        if (Has(text, "camera", "device") && Has(text, "not found", "unknown", "no such", "not exist", "does not exist", "invalid", "not on this"))
        {
            return ImageServerRefusalKind.UnknownCamera;
        }

        return ImageServerRefusalKind.Other;
    }

    private static bool Has(string text, params string[] parts)
    {
        foreach (var part in parts)
        {
            if (text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static MipSecCode CodeFor(ImageServerRefusalKind kind) => kind switch
    {
        ImageServerRefusalKind.TokenRejected => MipSecCodes.VmsTokenRejected,
        ImageServerRefusalKind.UnknownCamera => MipSecCodes.CameraNotOnRecorder,
        ImageServerRefusalKind.NoPermission => MipSecCodes.CameraAccessDenied,
        ImageServerRefusalKind.Busy => MipSecCodes.ServerBusy,
        _ => MipSecCodes.ImageServerRefused,
    };

    private static string Explain(ImageServerRefusalKind kind) => kind switch
    {
        ImageServerRefusalKind.TokenRejected => "the token was not accepted",
        ImageServerRefusalKind.UnknownCamera => "the recording server has no such camera",
        ImageServerRefusalKind.NoPermission => "the user may not view this camera",
        ImageServerRefusalKind.Busy => "the server is busy",
        _ => "a reason MipSecure does not classify",
    };

    private static string RemedyFor(ImageServerRefusalKind kind) => kind switch
    {
        ImageServerRefusalKind.TokenRejected =>
            "Send the VMS token from ServerCommandService Login (LoginSession.VmsToken), not the identity provider's access token, and keep the session running so it is renewed before it expires.",
        ImageServerRefusalKind.UnknownCamera =>
            "Check the camera id and ask the recording server the camera belongs to; logging in again does not help.",
        ImageServerRefusalKind.NoPermission =>
            "In Management Client, give one of the user's roles the right to view this camera; logging in again does not help.",
        ImageServerRefusalKind.Busy =>
            "The recording server is busy; MipSecure retried as configured. Try again later or raise MipSecure:Retry:MaxRetryAttempts.",
        _ => "Read the server's reason and the recording server's log; MipSecure does not retry it.",
    };
}
