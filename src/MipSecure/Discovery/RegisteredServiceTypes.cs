using System;

namespace MipSecure.Discovery;

/// <summary>
/// The <c>serviceType</c> ids of the registered services discovery reads (<c>/api/rest/v1/registeredServices</c>).
/// Sources: MilestonePSTools <c>docs/commands/en-US/Get-RegisteredService.md</c> (event and management server) and
/// MilestoneSystemsInc/PowerShellSamples issues 34 and 159 (mobile server).
/// </summary>
internal static class RegisteredServiceTypes
{
    /// <summary>The mobile server service.</summary>
    public static readonly Guid MobileServer = new("7510bbae-dba5-4c2e-b037-74a0222484c6");

    /// <summary>The event server service.</summary>
    public static readonly Guid EventServer = new("08ab8f23-9aef-4298-9caa-f39259fe7cda");

    /// <summary>The management server.</summary>
    public static readonly Guid ManagementServer = new("a10cd823-bb4e-4d31-a162-dd236fc78fa6");
}
