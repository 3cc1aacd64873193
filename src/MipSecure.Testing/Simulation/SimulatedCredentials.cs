using System;

namespace MipSecure.Testing.Simulation;

/// <summary>The basic user a simulated site accepts for the password grant and the mobile server's LogIn.</summary>
public sealed class SimulatedCredentials
{
    /// <summary>Creates credentials.</summary>
    /// <param name="userName">The user name.</param>
    /// <param name="password">The password.</param>
    /// <param name="role">The user's role.</param>
    public SimulatedCredentials(string userName, string password, SimulatedUserRole role = SimulatedUserRole.Administrator)
    {
        Role = role;
        UserName = string.IsNullOrEmpty(userName) ? throw new ArgumentException("A user name is needed.", nameof(userName)) : userName;
        Password = string.IsNullOrEmpty(password) ? throw new ArgumentException("A password is needed.", nameof(password)) : password;
    }

    /// <summary>Gets the user name.</summary>
    public string UserName { get; }

    /// <summary>Gets the user's role.</summary>
    public SimulatedUserRole Role { get; }

    /// <summary>Gets the password. Generated per site unless set, so no password lives in a file.</summary>
    public string Password { get; }

    /// <summary>Returns the user name only: the password never reaches a log.</summary>
    /// <returns>The user name.</returns>
    public override string ToString() => UserName;
}
