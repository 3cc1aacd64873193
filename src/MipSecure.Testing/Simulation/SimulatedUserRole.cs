namespace MipSecure.Testing.Simulation;

/// <summary>
/// The role of the simulated site's user. The RESTful Configuration API grants what the user's roles allow: Milestone's
/// samples use the Administrators role to read the configuration, and an operator-role user is refused it with 403.
/// </summary>
public enum SimulatedUserRole
{
    /// <summary>The Administrators role: reads the configuration.</summary>
    Administrator = 0,

    /// <summary>An operator role: logs in and retrieves video, but gets 403 on the configuration resources.</summary>
    Operator = 1,
}
