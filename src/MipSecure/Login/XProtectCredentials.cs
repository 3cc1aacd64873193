using System;
using System.Net;
using MipSecure.Discovery;

namespace MipSecure.Login;

/// <summary>
/// Who logs in to an XProtect site, and how. Secrets stay inside: <see cref="ToString"/> shows the method and the user name only.
/// </summary>
public sealed class XProtectCredentials
{
    private XProtectCredentials(LoginMethod method, NetworkCredential? credential, Func<AccessToken>? accessToken)
    {
        Method = method;
        Credential = credential;
        AccessTokenSource = accessToken;
    }

    /// <summary>Gets how the login is made.</summary>
    public LoginMethod Method { get; }

    /// <summary>Gets the user name, or <see langword="null"/> for the process identity or a handed-in token.</summary>
    public string? UserName => Credential?.UserName is { Length: > 0 } name
        ? (string.IsNullOrEmpty(Credential.Domain) ? name : Credential.Domain + "\\" + name)
        : null;

    internal NetworkCredential? Credential { get; }

    internal Func<AccessToken>? AccessTokenSource { get; }

    /// <summary>A basic user (password grant at the identity provider).</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password, for example read from an environment variable.</param>
    /// <returns>The credentials.</returns>
    public static XProtectCredentials BasicUser(string userName, string password) =>
        new(LoginMethod.BasicUser, Required(userName, password), null);

    /// <summary>A Windows or Active Directory user with the given credentials (Negotiate at the identity provider).</summary>
    /// <param name="credential">The user, its password and domain.</param>
    /// <returns>The credentials.</returns>
    public static XProtectCredentials WindowsUser(NetworkCredential credential) =>
        new(LoginMethod.WindowsUser, credential ?? throw new ArgumentNullException(nameof(credential)), null);

    /// <summary>The Windows identity the process runs as, for example a service account (Negotiate with the default credentials).</summary>
    /// <returns>The credentials.</returns>
    public static XProtectCredentials CurrentWindowsUser() => new(LoginMethod.WindowsUser, null, null);

    /// <summary>A basic user on a management server without an identity provider (before 2021 R1): HTTP Basic over https.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    /// <returns>The credentials.</returns>
    public static XProtectCredentials BasicUserWithoutIdentityProvider(string userName, string password) =>
        new(LoginMethod.BasicUserWithoutIdentityProvider, Required(userName, password), null);

    /// <summary>
    /// An access token someone else keeps fresh, such as the MIP SDK's <c>LoginSettings.IdentityTokenCache.Token</c>: the session reads it
    /// again before every <c>Login</c> and never asks the identity provider itself.
    /// </summary>
    /// <param name="currentAccessToken">Returns the access token held now.</param>
    /// <returns>The credentials.</returns>
    public static XProtectCredentials AccessTokenFrom(Func<AccessToken> currentAccessToken) =>
        new(LoginMethod.AccessTokenHandedIn, null, currentAccessToken ?? throw new ArgumentNullException(nameof(currentAccessToken)));

    /// <inheritdoc />
    public override string ToString() => UserName is { } user ? $"{Method} '{user}'" : Method.ToString();

    private static NetworkCredential Required(string userName, string password)
    {
        if (string.IsNullOrEmpty(userName))
        {
            throw new ArgumentException("A user name is needed.", nameof(userName));
        }

        return new NetworkCredential(userName, password ?? throw new ArgumentNullException(nameof(password)));
    }
}
