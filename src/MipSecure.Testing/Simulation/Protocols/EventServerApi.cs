using System;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The event server's alarm service port: <c>POST /Central/AlarmServiceToken</c> as a token-checked SOAP endpoint and
/// <c>GET</c>/<c>HEAD /</c>. Alarm operations themselves are not simulated: the port exists to be probed and trusted.
/// </summary>
internal sealed class EventServerApi
{
    // The alarm service's contract namespace, from Milestone's AlarmList sample (AlarmCommandToken.cs).
    private readonly SoapTokenEndpoint _alarmService = new("http://videoos.net/2/CentralServerAlarmCommand");

    public Task HandleAsync(HttpContext context, SimulatedConnection connection)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        if (HttpMethods.IsPost(method) && string.Equals(path, "/Central/AlarmServiceToken", StringComparison.OrdinalIgnoreCase))
        {
            return _alarmService.HandleAsync(context, connection.Server);
        }

        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && path == "/")
        {
            return HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", "XProtect Event Server (simulated)");
        }

        return HttpResults.TextAsync(context, StatusCodes.Status404NotFound, "text/plain; charset=utf-8", "Not found on the simulated event server.");
    }
}
