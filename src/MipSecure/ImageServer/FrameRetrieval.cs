using System;

namespace MipSecure.ImageServer;

/// <summary>
/// The answer to a <c>goto</c>: either a frame, or no recording at that time (an <c>ImageResponse</c> with <c>Content-length: 0</c>),
/// which is neither an error nor an empty image.
/// </summary>
public sealed class FrameRetrieval
{
    private FrameRetrieval(DateTimeOffset requestedTime, ImageFrame? frame)
    {
        RequestedTime = requestedTime;
        Frame = frame;
    }

    /// <summary>Gets the moment that was asked for.</summary>
    public DateTimeOffset RequestedTime { get; }

    /// <summary>Gets the frame, or <see langword="null"/> when the camera has no recording at <see cref="RequestedTime"/>.</summary>
    public ImageFrame? Frame { get; }

    /// <summary>Gets whether a frame came back.</summary>
    public bool HasFrame => Frame is not null;

    /// <summary>A frame.</summary>
    /// <param name="requestedTime">The moment asked for.</param>
    /// <param name="frame">The frame.</param>
    /// <returns>The result.</returns>
    public static FrameRetrieval Found(DateTimeOffset requestedTime, ImageFrame frame) =>
        new(requestedTime, frame ?? throw new ArgumentNullException(nameof(frame)));

    /// <summary>No recording at the moment asked for.</summary>
    /// <param name="requestedTime">The moment asked for.</param>
    /// <returns>The result.</returns>
    public static FrameRetrieval NoRecording(DateTimeOffset requestedTime) => new(requestedTime, null);

    /// <inheritdoc />
    public override string ToString() => HasFrame ? $"{Frame!.ContentType} frame, {Frame.Data.Length} bytes" : $"no recording at {RequestedTime:u}";
}
