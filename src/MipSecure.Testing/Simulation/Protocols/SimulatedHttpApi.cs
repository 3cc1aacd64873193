using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;
using MipSecure.Trust;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>Routes every HTTP request of the site to the API of the server whose port it arrived on.</summary>
internal sealed class SimulatedHttpApi
{
    private readonly ManagementServerApi _management;
    private readonly RecordingServerHttpApi _recording = new();
    private readonly MobileServerApi _mobile;
    private readonly EventServerApi _event = new();

    public SimulatedHttpApi(SiteRuntime runtime)
    {
        _management = new ManagementServerApi(runtime);
        _mobile = new MobileServerApi(runtime);
    }

    public Task HandleAsync(HttpContext context)
    {
        var connection = context.Features.Get<SimulatedConnection>();
        if (connection is null)
        {
            return HttpResults.TextAsync(context, StatusCodes.Status500InternalServerError, "text/plain", "Connection without a simulated server.");
        }

        var server = connection.Server;
        var fault = server.Fault;
        if (fault.Kind == ServerFaultKind.ServiceUnavailable)
        {
            return server.Role is ServerRole.RecordingServer or ServerRole.FailoverRecorder
                ? HttpResults.ServiceUnavailableAsync(context, fault.Delay, "text/xml; charset=utf-8", ImageServerReplies.TokenErrorBody(ImageServerReplies.RetryLaterSubCode, ImageServerReplies.Busy))
                : HttpResults.ServiceUnavailableAsync(context, fault.Delay);
        }

        return server.Role switch
        {
            ServerRole.ManagementServer => _management.HandleAsync(context, connection),
            ServerRole.RecordingServer or ServerRole.FailoverRecorder => _recording.HandleAsync(context, connection),
            ServerRole.MobileServer => _mobile.HandleAsync(context, connection),
            _ => _event.HandleAsync(context, connection),
        };
    }
}
