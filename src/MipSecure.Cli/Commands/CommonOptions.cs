using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Trust.Validation;

namespace MipSecure.Cli.Commands;

/// <summary>Options several commands share, spelled the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary>A command description followed by an example, which help shows under the description.</summary>
    public static string WithExample(string description, string example) => description + "\n\nExample:\n  " + example;

    public static Option<bool> Force() => new("--force") { Description = "Replace files that already exist (without it, nothing is overwritten)." };

    /// <summary>
    /// How many servers a command probes at once unless told: more than the library's default, since a command run is the
    /// only work of its process. The ranges are the library's (<see cref="ProbeLimits"/>).
    /// </summary>
    public const int DefaultConcurrency = 16;

    /// <summary>The seconds a command waits for one server unless told: the library's default.</summary>
    public static double DefaultTimeoutSeconds => ProbeLimits.DefaultTimeout.TotalSeconds;

    /// <summary>The error <c>--concurrency</c> out of range gives.</summary>
    public static string ConcurrencyRangeError { get; } =
        string.Create(CultureInfo.InvariantCulture, $"--concurrency must be between {ProbeLimits.MinConcurrency} and {ProbeLimits.MaxConcurrency}.");

    /// <summary>The error <c>--timeout</c> out of range gives.</summary>
    public static string TimeoutRangeError { get; } =
        string.Create(CultureInfo.InvariantCulture, $"--timeout must be between {ProbeLimits.MinTimeout.TotalSeconds} and {ProbeLimits.MaxTimeout.TotalSeconds} seconds.");

    /// <summary><c>--expiry-warning-days N</c>: the window of <see cref="ExpiryWarningWindow"/>; <see langword="null"/> when not given.</summary>
    public static Option<int?> ExpiryWarningDays(string description)
    {
        var option = new Option<int?>("--expiry-warning-days") { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is { } days && !ExpiryWarningWindow.IsValid(days))
            {
                result.AddError($"--expiry-warning-days must be between {ExpiryWarningWindow.MinDays} and {ExpiryWarningWindow.MaxDays}.");
            }
        });
        return option;
    }

    /// <summary><c>--concurrency N</c>: how many servers are probed at once, within <see cref="ProbeLimits"/>.</summary>
    public static Option<int> Concurrency()
    {
        var option = new Option<int>("--concurrency") { Description = "How many servers to probe at once.", DefaultValueFactory = _ => DefaultConcurrency };
        option.Validators.Add(result =>
        {
            if (!ProbeLimits.IsValidConcurrency(result.GetValueOrDefault<int>()))
            {
                result.AddError(ConcurrencyRangeError);
            }
        });
        return option;
    }

    /// <summary><c>--timeout S</c>: seconds per server (or step), within <see cref="ProbeLimits"/>.</summary>
    public static Option<double> Timeout(string description)
    {
        var option = new Option<double>("--timeout") { Description = description, DefaultValueFactory = _ => DefaultTimeoutSeconds };
        option.Validators.Add(result =>
        {
            var seconds = result.GetValueOrDefault<double>();
            // Compared as seconds: TimeSpan.FromSeconds throws on infinities and NaN, which the parser lets through.
            if (!(seconds >= ProbeLimits.MinTimeout.TotalSeconds && seconds <= ProbeLimits.MaxTimeout.TotalSeconds))
            {
                result.AddError(TimeoutRangeError);
            }
        });
        return option;
    }

    public static Option<bool> Json() => new("--json") { Description = "Write the report as JSON (the documented shape) instead of text." };

    public static Option<string[]> CaFiles(string description) => new("--ca")
    {
        Description = description,
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>Revocation list (CRL) files to check the chain against, offline; nothing is fetched.</summary>
    public static Option<string[]> CrlFiles() => new("--crl")
    {
        Description = "A certificate revocation list (CRL) file of a CA of the chain, PEM or DER, checked offline. Repeat for several.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary><c>--resolve HOST=ADDRESS[:PORT]</c>, repeatable, checked by <see cref="ValidateResolve"/>; read with <c>ProbeTargets.Overrides</c>.</summary>
    public static Option<string[]> Resolve()
    {
        var option = new Option<string[]>("--resolve") { Description = "Connect to HOST at ADDRESS (like curl --resolve): HOST=ADDRESS or HOST=ADDRESS:PORT. Repeat for more.", Arity = ArgumentArity.ZeroOrMore };
        option.Validators.Add(ValidateResolve);
        return option;
    }

    /// <summary>
    /// Checks <c>--resolve HOST=ADDRESS[:PORT]</c> entries. A wildcard or a URI as HOST would match no host and leave it on DNS
    /// while the user believes it mapped, so it is refused rather than accepted and ignored.
    /// </summary>
    public static void ValidateResolve(OptionResult result)
    {
        foreach (var entry in result.GetValueOrDefault<string[]>() ?? Array.Empty<string>())
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            var host = equals > 0 ? entry.Substring(0, equals) : string.Empty;
            if (host.Contains('*', StringComparison.Ordinal) || host.Contains("://", StringComparison.Ordinal) || host.Contains('/', StringComparison.Ordinal))
            {
                result.AddError($"--resolve '{entry}': HOST must be one host name as it appears in the URI (no wildcard, no scheme), for example rec1.contoso.local=10.0.0.5.");
            }
            else if (equals <= 0 || !AddressOverrides.TryParseTarget(entry.Substring(equals + 1), out _, out _))
            {
                result.AddError($"--resolve '{entry}' is not HOST=ADDRESS (for example rec1.contoso.local=127.0.0.1 or rec1.contoso.local=10.0.0.5:7563).");
            }
        }
    }

    /// <summary>Parses a UTC time such as 2027-01-31T12:00:00Z or 2027-01-31; a time without an offset is taken as UTC.</summary>
    public static Option<DateTimeOffset?> At() => new("--at")
    {
        Description = "Validate as of this UTC time (for example 2027-01-31T12:00:00Z) instead of now.",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
            {
                return at;
            }

            result.AddError($"'{text}' is not a time. Use ISO 8601 in UTC, for example 2027-01-31T12:00:00Z.");
            return null;
        },
    };
}
