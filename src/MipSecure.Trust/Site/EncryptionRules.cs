using System.Linq;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Trust.Site;

/// <summary>
/// Who must have encryption on, from the URI schemes alone: R5 (management server encrypted ⇒ every recording server),
/// R6 (recording servers encrypted ⇒ failover recorders too), and one server whose addresses disagree.
/// </summary>
internal static class EncryptionRules
{
    public static void Apply(SiteCheckContext context)
    {
        var site = context.Configuration;
        var management = site.ManagementServer;
        if (management is not null && management.IsEncrypted)
        {
            foreach (var recorder in site.RecordingServers.Where(r => !r.IsEncrypted))
            {
                var plain = recorder.Endpoints.First(e => !e.IsHttps);
                context.Report(MipSecCodes.RecordingServerNotEncrypted, plain.Location, recorder,
                    $"The management server has encryption on ({management.Uri.OriginalString}) but {recorder.Description} is reached over http ({plain.PropertyName} {plain.Uri.OriginalString}); XProtect requires encryption on every recording server once the management server has it.",
                    $"Apply a server certificate to '{recorder.Name}' with Server Configurator and turn encryption on, then change {plain.PropertyName} to https; or turn encryption off on the management server.");
            }
        }

        if (site.RecordingServers.Any(r => r.IsEncrypted))
        {
            foreach (var failover in site.FailoverRecorders.Where(f => !f.IsEncrypted))
            {
                var plain = failover.Endpoints.First(e => !e.IsHttps);
                context.Report(MipSecCodes.FailoverRecorderNotEncrypted, plain.Location, failover,
                    $"Recording servers have encryption on but {failover.Description} is reached over http ({plain.PropertyName} {plain.Uri.OriginalString}); when it takes over, clients that expect encryption cannot use it.",
                    $"Prepare '{failover.Name}' like the recording servers: apply a server certificate with Server Configurator, turn encryption on and change {plain.PropertyName} to https.");
            }
        }

        foreach (var server in site.Servers.Where(s => s.Role != ServerRole.MobileServer))
        {
            var endpoints = server.Endpoints;
            var secure = endpoints.FirstOrDefault(e => e.IsHttps);
            var plain = endpoints.FirstOrDefault(e => !e.IsHttps);
            if (secure is not null && plain is not null)
            {
                context.Report(MipSecCodes.MixedEncryptionOnServer, plain.Location, server,
                    $"The addresses of {server.Description} disagree: {secure.PropertyName} is https but {plain.PropertyName} is http ({plain.Uri.OriginalString}). A server has encryption on or off for every address.",
                    $"Copy the scheme XProtect shows for '{server.Name}' into both addresses; after turning encryption on, both are https.");
            }
        }
    }
}
