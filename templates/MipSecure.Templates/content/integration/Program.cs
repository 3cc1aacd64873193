using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MipApp._1;

/// <summary>Runs the integration as a service, or once from a console with <c>--once</c>.</summary>
public static class Program
{
    /// <summary>Starts the host.</summary>
    /// <param name="args">Configuration overrides (for example <c>--Integration:CameraId=…</c>) and <c>--once</c>.</param>
    /// <returns>0 when the retrievals succeeded, 1 when one failed in console mode.</returns>
    public static async Task<int> Main(string[] args)
    {
        var runOnce = args.Contains("--once", StringComparer.Ordinal);
        var builder = Host.CreateApplicationBuilder(args.Where(a => a != "--once").ToArray());
        if (runOnce)
        {
            builder.Configuration[IntegrationOptions.SectionName + ":RunOnce"] = "true";
        }

        builder.Services.AddIntegration(builder.Configuration);
        builder.Services.AddHostedService<IntegrationWorker>();

        using var host = builder.Build();
        await host.RunAsync().ConfigureAwait(false);
        return Environment.ExitCode;
    }
}
