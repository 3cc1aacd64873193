using System;
using System.Globalization;
using System.Text;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The ImageServer protocol's replies: <c>methodresponse</c> XML documents and <c>ImageResponse</c> frames
/// (header lines, a blank line, the JPEG, a blank line), as the MIP SDK protocol samples read them. A refused <c>connect</c> carries
/// <c>&lt;connected&gt;no&lt;/connected&gt;</c> and an <c>errorreason</c> only: the raw protocol publishes no error numbers (20001 and its
/// sub-errors belong to the HTTP interface, <see cref="TokenErrorBody"/>). Milestone does not publish the reason texts either; the
/// ones here (<see cref="ReasonFor"/>, <see cref="UnknownCamera"/>, <see cref="NoPermission"/>) are this simulator's own words.
/// </summary>
internal static class ImageServerReplies
{
    /// <summary>The HTTP interface's error number for token problems; sub-codes follow <see cref="TokenStatus"/> and 4 = retry later.</summary>
    public const int TokenErrorNumber = 20001;

    public const int RetryLaterSubCode = 4;

    public const string UnknownCamera = "Camera not found";

    public const string NoPermission = "Access denied: the user has no permission to view this camera";

    public const string Busy = "Server busy, retry later";

    public static string ConnectResponse(string requestId, string methodName, bool connected, string errorReason)
    {
        var builder = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodresponse>");
        builder.Append("<requestid>").Append(SafeXml.Escape(requestId)).Append("</requestid>");
        builder.Append("<methodname>").Append(SafeXml.Escape(methodName)).Append("</methodname>");
        builder.Append("<connected>").Append(connected ? "yes" : "no").Append("</connected>");
        builder.Append("<errorreason>").Append(SafeXml.Escape(errorReason)).Append("</errorreason>");

        if (connected)
        {
            builder.Append("<servercapabilities><connectupdate>yes</connectupdate></servercapabilities>");
        }

        return builder.Append("</methodresponse>\r\n\r\n").ToString();
    }

    public static string MethodResponse(string requestId, string methodName, string errorReason = "")
    {
        var builder = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodresponse>");
        builder.Append("<requestid>").Append(SafeXml.Escape(requestId)).Append("</requestid>");
        builder.Append("<methodname>").Append(SafeXml.Escape(methodName)).Append("</methodname>");
        if (errorReason.Length > 0)
        {
            builder.Append("<errorreason>").Append(SafeXml.Escape(errorReason)).Append("</errorreason>");
        }

        return builder.Append("</methodresponse>\r\n\r\n").ToString();
    }

    public static string TokenErrorBody(int subErrorNumber, string reason) => string.Create(
        CultureInfo.InvariantCulture,
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodresponse><errorNumber>{TokenErrorNumber}</errorNumber><subErrorNumber>{subErrorNumber}</subErrorNumber><errorreason>{SafeXml.Escape(reason)}</errorreason></methodresponse>");

    /// <summary>An unsolicited status document, the kind TcpVideoViewer skips while it waits for an image (its exact content is not published).</summary>
    public static string StatusDocument(DateTimeOffset now) => string.Create(
        CultureInfo.InvariantCulture,
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><livepackage><status><statustime>{now.ToUnixTimeMilliseconds()}</statustime><statusitem id=\"1\" value=\"1\" description=\"Live feed\"/></status></livepackage>\r\n\r\n");

    public static byte[] ImageFrame(string requestId, DateTimeOffset current, byte[] jpeg)
    {
        var milliseconds = current.ToUnixTimeMilliseconds();
        var header = string.Create(
            CultureInfo.InvariantCulture,
            $"ImageResponse\r\nRequestId: {requestId}\r\nPrev: {milliseconds - 1000}\r\nCurrent: {milliseconds}\r\nNext: {milliseconds + 1000}\r\nContent-length: {jpeg.Length}\r\nContent-type: image/jpeg\r\n\r\n");
        var headerBytes = Encoding.ASCII.GetBytes(header);
        var frame = new byte[headerBytes.Length + jpeg.Length + 4];
        headerBytes.CopyTo(frame, 0);
        jpeg.CopyTo(frame, headerBytes.Length);
        "\r\n\r\n"u8.CopyTo(frame.AsSpan(headerBytes.Length + jpeg.Length));
        return frame;
    }

    public static string ReasonFor(TokenStatus status) => status switch
    {
        TokenStatus.Missing => "No token supplied",
        TokenStatus.Invalid => "Token validation failed",
        TokenStatus.Expired => "Token expired",
        _ => string.Empty,
    };
}
