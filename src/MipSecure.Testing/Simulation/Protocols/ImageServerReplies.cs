using System;
using System.Globalization;
using System.Text;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The ImageServer protocol's replies: <c>methodresponse</c> XML documents and <c>ImageResponse</c> frames
/// (header lines, a blank line, the JPEG, a blank line), as the MIP SDK protocol samples read them.
/// </summary>
internal static class ImageServerReplies
{
    /// <summary>The ImageServer error number for token problems; sub-codes follow <see cref="TokenStatus"/> and 4 = retry later.</summary>
    public const int TokenErrorNumber = 20001;

    public const int RetryLaterSubCode = 4;

    public static string ConnectResponse(string requestId, string methodName, bool connected, string errorReason, int? subErrorNumber)
    {
        var builder = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodresponse>");
        builder.Append("<requestid>").Append(SafeXml.Escape(requestId)).Append("</requestid>");
        builder.Append("<methodname>").Append(SafeXml.Escape(methodName)).Append("</methodname>");
        builder.Append("<connected>").Append(connected ? "yes" : "no").Append("</connected>");
        builder.Append("<errorreason>").Append(SafeXml.Escape(errorReason)).Append("</errorreason>");
        if (subErrorNumber is int sub)
        {
            // The error numbers mirror the documented HTTP interface; the raw protocol's own error fields are not published.
            builder.Append(CultureInfo.InvariantCulture, $"<errorNumber>{TokenErrorNumber}</errorNumber><subErrorNumber>{sub}</subErrorNumber>");
        }

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
