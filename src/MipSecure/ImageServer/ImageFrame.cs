using System;

namespace MipSecure.ImageServer;

/// <summary>One image from a recording server, as the ImageServer protocol returns it.</summary>
public sealed class ImageFrame
{
    /// <summary>Creates a frame.</summary>
    /// <param name="contentType">The content type, for example <c>image/jpeg</c>.</param>
    /// <param name="data">The image bytes.</param>
    /// <param name="timestamp">When the image was recorded, when the server said so.</param>
    public ImageFrame(string contentType, byte[] data, DateTimeOffset? timestamp)
    {
        ContentType = contentType ?? throw new ArgumentNullException(nameof(contentType));
        Data = data ?? throw new ArgumentNullException(nameof(data));
        Timestamp = timestamp;
    }

    /// <summary>Gets the content type, for example <c>image/jpeg</c>.</summary>
    public string ContentType { get; }

    /// <summary>Gets the image bytes.</summary>
    public byte[] Data { get; }

    /// <summary>Gets when the image was recorded.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>Gets whether the bytes are a JPEG image (they start with the SOI marker FF D8).</summary>
    public bool IsJpeg => Data.Length > 2 && Data[0] == 0xFF && Data[1] == 0xD8;
}
