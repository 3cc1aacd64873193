using System;
using System.Security.Cryptography;
using System.Text;

namespace MipSecure.Testing.Simulation;

/// <summary>A camera a simulated recording server records. <c>connect</c> for any other camera id is refused.</summary>
/// <param name="Id">The camera's id (the <c>cameraid</c> of ImageServer <c>connect</c>).</param>
/// <param name="Name">Its display name.</param>
public sealed record SimulatedCamera(Guid Id, string Name)
{
    /// <summary>Gets whether the camera has recordings; without, <c>goto</c> answers an <c>ImageResponse</c> with <c>Content-length: 0</c>.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool HasRecordings { get; init; } = true;

    /// <summary>Gets whether the site's user may view the camera; without, <c>connect</c> is refused for lack of permission.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool UserMayView { get; init; } = true;

    /// <summary>The camera a recording server has when its definition names none: the same id for the same server name on every start.</summary>
    /// <param name="serverName">The recording server's name.</param>
    /// <returns>The camera.</returns>
    public static SimulatedCamera DefaultFor(string serverName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("MipSecure simulated camera|" + serverName));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new SimulatedCamera(new Guid(bytes), serverName + " Camera 1");
    }
}
