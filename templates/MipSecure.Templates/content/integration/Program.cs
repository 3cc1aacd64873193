using System;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MipSecure.Trust.Diagnostics;

namespace MipApp._1;

/// <summary>Runs the integration as a service, or once from a console with <c>--once</c>.</summary>
public static class Program
{
    /// <summary>The exit code of a start that the settings stop: a missing CA file, an invalid option.</summary>
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>Starts the host.</summary>
    /// <param name="args">Configuration overrides (for example <c>--Integration:CameraId=…</c>) and <c>--once</c>.</param>
    /// <returns>0 when the retrievals succeeded, 1 when one failed in console mode, 2 when the settings stop the start.</returns>
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

        try
        {
            using var host = builder.Build();
            await host.RunAsync().ConfigureAwait(false);
            return Environment.ExitCode;
        }
        catch (MipSecureException error)
        {
            // A start-up failure (a CA file missing, an invalid MipSecure option) is one coded line, not a stack trace.
            await Console.Error.WriteLineAsync($"{error.Message} See {error.Code.HelpLink}").ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }
        catch (OptionsValidationException error)
        {
            await Console.Error.WriteLineAsync("Invalid settings: " + string.Join(" ", error.Failures)).ConfigureAwait(false);
            return ConfigurationErrorExitCode;
        }
    }
}
