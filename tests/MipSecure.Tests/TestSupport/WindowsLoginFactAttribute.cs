using MipSecure.Testing.Simulation;
using Xunit;

namespace MipSecure.Tests.TestSupport;

/// <summary>A test of the Windows (Negotiate) login, skipped with the reason when this machine cannot negotiate NTLM on loopback.</summary>
internal sealed class WindowsLoginFactAttribute : FactAttribute
{
    public WindowsLoginFactAttribute()
    {
        if (SimulatedWindowsUser.UnavailableReason is { } reason)
        {
            Skip = "The simulated Windows login is not possible here: " + reason;
        }
    }
}
