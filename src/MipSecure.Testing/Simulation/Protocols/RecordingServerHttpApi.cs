using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The HTTP side of a recording server's port: <c>POST /imageserver?methodcall=connect</c> (200, or 400 with error 20001
/// and its sub-code, as the documented HTTP interface answers an invalid request), a minimal RecorderCommandService SOAP endpoint,
/// and <c>GET</c>/<c>HEAD /</c> for certificate monitors.
/// </summary>
internal sealed class RecordingServerHttpApi
{
    private readonly SoapTokenEndpoint _recorderCommandService = new("http://videoos.net/2/XProtectCSRecorderCommand");

    public Task HandleAsync(HttpContext context, SimulatedConnection connection)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method) && string.Equals(path, "/imageserver", StringComparison.OrdinalIgnoreCase))
        {
            return ImageServerAsync(context, connection.Server);
        }

        if (HttpMethods.IsPost(method) && string.Equals(path, "/RecorderCommandService/RecorderCommandService.asmx", StringComparison.OrdinalIgnoreCase))
        {
            return _recorderCommandService.HandleAsync(context, connection.Server);
        }

        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && path == "/")
        {
            return HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", "XProtect Recording Server (simulated)");
        }

        return HttpResults.TextAsync(context, StatusCodes.Status404NotFound, "text/plain; charset=utf-8", "Not found on the simulated recording server.");
    }

    private static async Task ImageServerAsync(HttpContext context, SimulatedServer server)
    {
        var requestId = context.Request.Headers["X-RequestId"].ToString();
        var methodCall = context.Request.Query["methodcall"].ToString();
        if (!string.Equals(methodCall, "connect", StringComparison.OrdinalIgnoreCase))
        {
            await HttpResults.TextAsync(context, StatusCodes.Status400BadRequest, "text/xml; charset=utf-8", ImageServerReplies.MethodResponse(requestId, methodCall, "Only methodcall=connect is simulated.")).ConfigureAwait(false);
            return;
        }

        var document = SafeXml.TryParse(await HttpResults.ReadBodyAsync(context).ConfigureAwait(false));
        if (document?.Root is not { Name.LocalName: "methodcall" } call)
        {
            await HttpResults.TextAsync(context, StatusCodes.Status400BadRequest, "text/xml; charset=utf-8", ImageServerReplies.MethodResponse(requestId, "connect", "The body is not a methodcall XML document.")).ConfigureAwait(false);
            return;
        }

        var token = ImageServerSession.ConnectParameter(SafeXml.Value(call, "connectparam"), "connectiontoken");
        var status = server.CheckToken(token);
        if (requestId.Length == 0)
        {
            requestId = SafeXml.Value(call, "requestid") ?? "0";
        }

        if (status == TokenStatus.Valid)
        {
            await HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/xml; charset=utf-8", ImageServerReplies.ConnectResponse(requestId, "connect", true, string.Empty)).ConfigureAwait(false);
            return;
        }

        context.Response.Headers["X-MethodName"] = "connect";
        context.Response.Headers["X-RequestId"] = requestId;
        await HttpResults.TextAsync(context, StatusCodes.Status400BadRequest, "text/xml; charset=utf-8", ImageServerReplies.TokenErrorBody((int)status, ImageServerReplies.ReasonFor(status))).ConfigureAwait(false);
    }
}
