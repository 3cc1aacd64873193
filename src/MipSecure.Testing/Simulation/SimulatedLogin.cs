using System;

namespace MipSecure.Testing.Simulation;

/// <summary>One ServerCommandService <c>Login</c> call the simulated management server answered, for tests to inspect.</summary>
/// <param name="InstanceId">The <c>instanceId</c> sent.</param>
/// <param name="CurrentToken">The <c>currentToken</c> sent; empty on a first login.</param>
/// <param name="IssuedToken">The VMS token returned.</param>
/// <param name="ServicePath">The service called: <c>/ManagementServer/ServerCommandServiceOAuth.svc</c> or <c>…/ServerCommandService.svc</c>.</param>
/// <param name="At">When, on the site's clock.</param>
public sealed record SimulatedLogin(Guid InstanceId, string CurrentToken, string IssuedToken, string ServicePath, DateTimeOffset At)
{
    /// <summary>Returns the call without its tokens.</summary>
    /// <returns>A description.</returns>
    public override string ToString() => $"Login {InstanceId} at {ServicePath} ({(CurrentToken.Length == 0 ? "first" : "renewal")})";
}
