namespace MipSecure.Login;

/// <summary>
/// Where an ImageServer connection reads the VMS token to send: a fixed <see cref="Login.VmsToken"/>, or a <see cref="LoginSession"/>
/// that renews it. A connection that sees a new token sends it with <c>connectupdate</c> before its next request.
/// </summary>
public interface IVmsTokenSource
{
    /// <summary>Gets the VMS token to use now.</summary>
    VmsToken VmsToken { get; }
}
