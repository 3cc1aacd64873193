using System;

namespace MipSecure.Discovery;

/// <summary>A camera the management server lists on a recording server's hardware (Config REST <c>hardware/{id}/cameras</c>).</summary>
public sealed class DiscoveredCamera
{
    /// <summary>Creates a camera.</summary>
    /// <param name="id">The camera's id: the <c>cameraid</c> of an ImageServer <c>connect</c>.</param>
    /// <param name="name">Its name (or display name).</param>
    /// <param name="hardwareId">The id of the hardware it belongs to.</param>
    /// <param name="recordingServerId">The id of the recording server the hardware belongs to.</param>
    public DiscoveredCamera(Guid id, string name, string hardwareId, string recordingServerId)
    {
        Id = id;
        Name = name ?? throw new ArgumentNullException(nameof(name));
        HardwareId = hardwareId ?? throw new ArgumentNullException(nameof(hardwareId));
        RecordingServerId = recordingServerId ?? throw new ArgumentNullException(nameof(recordingServerId));
    }

    /// <summary>Gets the camera's id.</summary>
    public Guid Id { get; }

    /// <summary>Gets the camera's name.</summary>
    public string Name { get; }

    /// <summary>Gets the id of the hardware the camera belongs to.</summary>
    public string HardwareId { get; }

    /// <summary>Gets the id of the recording server the camera's hardware belongs to (<see cref="DiscoveredServer.Id"/>).</summary>
    public string RecordingServerId { get; }

    /// <inheritdoc />
    public override string ToString() => $"camera '{Name}' ({Id:D})";
}
