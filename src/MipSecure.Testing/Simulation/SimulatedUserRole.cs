namespace MipSecure.Testing.Simulation;

/// <summary>
/// The role of the simulated site's user. The RESTful Configuration API grants what the user's roles allow: Milestone's
/// samples use the Administrators role to read the configuration, and an operator-role user is refused it with 403. A user
/// must be in a role to log in at all: the identity provider authenticates it, and ServerCommandService <c>Login</c> refuses it.
/// </summary>
public enum SimulatedUserRole
{
    /// <summary>The Administrators role: reads the configuration.</summary>
    Administrator = 0,

    /// <summary>An operator role: logs in and retrieves video, but gets 403 on the configuration resources.</summary>
    Operator = 1,

    /// <summary>
    /// In no role: the identity provider grants the token (the password is right), but ServerCommandService <c>Login</c> answers
    /// 403 with a SOAP fault, so the user gets no VMS token, and the configuration resources answer 403 too.
    /// </summary>
    NoRole = 2,
}
