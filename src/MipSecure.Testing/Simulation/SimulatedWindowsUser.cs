using System;

namespace MipSecure.Testing.Simulation;

/// <summary>
/// A Windows (Active Directory) user a simulated site accepts for the identity provider's <c>grant_type=windows_credentials</c>,
/// negotiated with NTLM over loopback. On Linux this needs the GSSAPI NTLM mechanism (Debian's <c>gss-ntlmssp</c>); see
/// <see cref="UnavailableReason"/>.
/// </summary>
public sealed class SimulatedWindowsUser
{
    internal SimulatedWindowsUser(string domain, string userName, string password, SimulatedUserRole role)
    {
        Domain = domain;
        UserName = userName;
        Password = password;
        Role = role;
    }

    /// <summary>Gets why this machine cannot negotiate a simulated Windows login, or <see langword="null"/> when it can.</summary>
    /// <remarks>
    /// The answer comes from a real NTLM exchange in this process against a throwaway user, done once. On Windows the platform
    /// checks Negotiate against real accounts, so a simulated user cannot be negotiated there.
    /// </remarks>
    public static string? UnavailableReason => Negotiate.NtlmUserFile.UnavailableReason;

    /// <summary>Gets the NetBIOS domain, for example <c>CONTOSO</c>.</summary>
    public string Domain { get; }

    /// <summary>Gets the user name without the domain.</summary>
    public string UserName { get; }

    /// <summary>Gets <c>DOMAIN\NAME</c>, as Windows writes it and <c>mipsecure audit --windows --user</c> takes it.</summary>
    public string QualifiedName => Domain + "\\" + UserName;

    /// <summary>Gets the password: generated per site, kept in memory and, for the NTLM mechanism, in an owner-only temporary file.</summary>
    public string Password { get; }

    /// <summary>Gets the user's role (the site's user role).</summary>
    public SimulatedUserRole Role { get; }

    /// <summary>Returns <see cref="QualifiedName"/>: the password never reaches a log.</summary>
    /// <returns>The qualified user name.</returns>
    public override string ToString() => QualifiedName;
}
