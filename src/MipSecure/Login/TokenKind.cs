namespace MipSecure.Login;

/// <summary>The two tokens of a login.</summary>
public enum TokenKind
{
    /// <summary>The identity provider's access token (bearer JWT) for the API Gateway and the management server.</summary>
    AccessToken = 0,

    /// <summary>The VMS token from ServerCommandService <c>Login</c> for recording servers and the event server.</summary>
    VmsToken = 1,
}
