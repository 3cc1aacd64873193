using System;

namespace MipSecure.Login;

/// <summary>
/// The VMS token that the management server's ServerCommandService <c>Login</c> returns (<c>LoginInfo.Token</c>, for example
/// <c>TOKEN#…#host//ServerConnector#</c>). Recording servers (ImageServer, RecorderCommandService) and the event server accept
/// only this token; the identity provider's bearer token (<see cref="Discovery.AccessToken"/>) is for the API Gateway and the
/// management server. The two are distinct types so that one cannot be passed where the other is needed.
/// Its value never appears in <see cref="ToString"/>.
/// </summary>
public sealed class VmsToken : IVmsTokenSource
{
    /// <summary>Creates a token from a <c>Login</c> answer.</summary>
    /// <param name="value">The token.</param>
    /// <param name="registrationTime">When the management server registered the login (<c>LoginInfo.RegistrationTime</c>, server clock).</param>
    /// <param name="timeToLive">How long the token lives from when it was received (<c>LoginInfo.TimeToLive</c>).</param>
    /// <param name="timeToLiveLimited">Whether the lifetime is limited (<c>LoginInfo.TimeToLiveLimited</c>).</param>
    /// <param name="expiresAt">When the token expires on the client's clock: the moment it was received plus <paramref name="timeToLive"/>.</param>
    public VmsToken(string value, DateTimeOffset registrationTime, TimeSpan timeToLive, bool timeToLiveLimited, DateTimeOffset expiresAt)
    {
        Value = string.IsNullOrEmpty(value) ? throw new ArgumentException("A VMS token cannot be empty.", nameof(value)) : value;
        RegistrationTime = registrationTime;
        TimeToLive = timeToLive;
        TimeToLiveLimited = timeToLiveLimited;
        ExpiresAt = expiresAt;
    }

    /// <summary>Gets the token. Treat it as a secret: never log it.</summary>
    public string Value { get; }

    /// <summary>Gets when the management server registered the login, on the server's clock.</summary>
    public DateTimeOffset RegistrationTime { get; }

    /// <summary>Gets the lifetime the management server gave the token (four hours by default).</summary>
    public TimeSpan TimeToLive { get; }

    /// <summary>Gets whether the management server limits the token's lifetime.</summary>
    public bool TimeToLiveLimited { get; }

    /// <summary>Gets when the token expires, on the client's clock.</summary>
    public DateTimeOffset ExpiresAt { get; }

    VmsToken IVmsTokenSource.VmsToken => this;

    /// <summary>
    /// Wraps a token the MIP SDK already holds (<c>LoginSettings.Token</c> of <c>LoginSettingsCache.GetLoginSettings(…)</c>).
    /// The MIP SDK renews that token itself: read it again after a renewal instead of keeping this object.
    /// </summary>
    /// <param name="token">The token.</param>
    /// <param name="expiresAt">When it expires, when known; otherwise <see cref="DateTimeOffset.MaxValue"/>.</param>
    /// <returns>The token.</returns>
    public static VmsToken FromMipSdk(string token, DateTimeOffset? expiresAt = null)
    {
        var expiry = expiresAt ?? DateTimeOffset.MaxValue;
        return new VmsToken(token, DateTimeOffset.MinValue, TimeSpan.Zero, expiresAt is not null, expiry);
    }

    /// <inheritdoc />
    public override string ToString() => $"VMS token (expires {ExpiresAt:u})";
}
