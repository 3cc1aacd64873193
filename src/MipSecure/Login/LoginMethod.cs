namespace MipSecure.Login;

/// <summary>How a <see cref="LoginSession"/> gets its tokens.</summary>
public enum LoginMethod
{
    /// <summary>A basic user: the identity provider's password grant, then ServerCommandServiceOAuth.svc <c>Login</c> with the bearer.</summary>
    BasicUser = 0,

    /// <summary>A Windows user (given credentials or the process identity): <c>grant_type=windows_credentials</c> with Negotiate, then <c>Login</c> with the bearer.</summary>
    WindowsUser = 1,

    /// <summary>A server without an identity provider (before 2021 R1): ServerCommandService.svc <c>Login</c> with HTTP Basic over https.</summary>
    BasicUserWithoutIdentityProvider = 2,

    /// <summary>An access token handed in (the MIP SDK's <c>LoginSettings.IdentityTokenCache.Token</c>), read again at every renewal.</summary>
    AccessTokenHandedIn = 3,
}
