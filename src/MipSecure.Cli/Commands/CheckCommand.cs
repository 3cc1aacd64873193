using System.CommandLine;
using System.Reflection;
using System.Threading.Tasks;
using MipSecure.Cli.Output;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Site;

namespace MipSecure.Cli.Commands;

/// <summary><c>mipsecure check [mipsecure.json] [--json] [--sarif FILE] [--nagios]</c>: the site rules, offline.</summary>
internal static class CheckCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("mipsecure.json")
        {
            Description = "The site trust configuration to check.",
            DefaultValueFactory = _ => SiteConfigurationLoader.DefaultFileName,
        };
        var json = CommonOptions.Json();
        var sarif = new Option<string?>("--sarif") { Description = "Also write the findings as SARIF 2.1.0 to this file, for CI code scanning." };
        var warningDays = CommonOptions.ExpiryWarningDays("Override trust.expiryWarningDays from the file.");
        var at = CommonOptions.At();
        var nagios = new Option<bool>("--nagios") { Description = "Write one Nagios plugin status line with perfdata and exit 0 OK, 1 WARNING, 2 CRITICAL or 3 UNKNOWN." };

        var command = new Command("check", CommonOptions.WithExample("Check a site's trust configuration offline: certificates, host names, expiry and the XProtect encryption rules.", "mipsecure check mipsecure.json --sarif check.sarif"))
        {
            file, json, sarif, warningDays, at, nagios,
        };
        command.SetAction((parse, cancellationToken) => context.RunAsync(ct =>
        {
            if (parse.GetValue(nagios))
            {
                return Task.FromResult(WriteNagios(parse.GetValue(file)!, parse.GetValue(warningDays), context));
            }

            var report = SiteChecker.CheckFile(parse.GetValue(file)!, new SiteCheckOptions
            {
                TimeProvider = parse.GetValue(at) is { } time ? new FixedTimeProvider(time) : context.TimeProvider,
                GetEnvironmentVariable = context.Environment,
                ExpiryWarningDays = parse.GetValue(warningDays),
            });
            var sarifPath = parse.GetValue(sarif);
            if (sarifPath is not null)
            {
                SarifWriter.Write(report, sarifPath, ToolVersion);
            }

            var result = SiteReportConversion.ToCommandReport(report, context.Environment);
            if (parse.GetValue(json))
            {
                JsonReportWriter.Write(result, context.Console.Out);
            }
            else
            {
                TextReportWriter.Write(result, context.Console);
            }

            return Task.FromResult(result.ExitCode);
        }, cancellationToken));
        return command;
    }

    private static int WriteNagios(string path, int? warningDays, CliContext context)
    {
        try
        {
            var (line, exitCode) = NagiosFormatter.Format(SiteChecker.CheckFile(path, new SiteCheckOptions
            {
                TimeProvider = context.TimeProvider,
                GetEnvironmentVariable = context.Environment,
                ExpiryWarningDays = warningDays,
            }));
            context.Console.Out.WriteLine(line);
            return exitCode;
        }
        catch (Trust.Diagnostics.MipSecureException ex)
        {
            context.Console.Out.WriteLine(NagiosFormatter.Unreadable(ex));
            return NagiosFormatter.Unknown;
        }
    }

    internal static string ToolVersion =>
        typeof(CheckCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";
}
