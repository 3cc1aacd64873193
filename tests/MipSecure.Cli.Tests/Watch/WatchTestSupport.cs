using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using MipSecure.Cli.Watch;
using MipSecure.Testing.Simulation;

namespace MipSecure.Cli.Tests.Watch;

/// <summary>Collects formatted log lines with their level, for assertions on what the watcher logged.</summary>
internal sealed class CollectingLoggerProvider : ILoggerProvider
{
    private readonly List<(string Text, int Count, TaskCompletionSource Signal)> _waiters = new();

    public ConcurrentQueue<(LogLevel Level, string Message)> Lines { get; } = new();

    /// <summary>Completes once <paramref name="count"/> lines containing <paramref name="text"/> were logged.</summary>
    public Task WaitForAsync(string text, int count, System.Threading.CancellationToken cancellationToken)
    {
        lock (_waiters)
        {
            if (Containing(text).Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((text, count, signal));
            return signal.Task.WaitAsync(cancellationToken);
        }
    }

    private void Add(LogLevel level, string message)
    {
        lock (_waiters)
        {
            Lines.Enqueue((level, message));
            foreach (var waiter in _waiters.Where(w => Containing(w.Text).Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public IReadOnlyList<string> Containing(string text) => Lines.Where(l => l.Message.Contains(text, StringComparison.Ordinal)).Select(l => l.Message).ToList();

    private sealed class Logger(CollectingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Add(logLevel, formatter(state, exception));
    }
}

/// <summary>One sample of a Prometheus text exposition: the metric name, its labels and its value.</summary>
internal sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// <summary>Reads the samples of a scrape, so tests can assert on values.</summary>
internal static partial class Exposition
{
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        var samples = new List<MetricSample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                throw new FormatException("Not a sample line: " + line);
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal));
            samples.Add(new MetricSample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return samples;
    }

    public static IReadOnlyList<MetricSample> Find(this IReadOnlyList<MetricSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).ToList();

    public static double Single(this IReadOnlyList<MetricSample> samples, string name, params (string Label, string Value)[] labels)
    {
        var found = samples.Find(name, labels);
        return found.Count == 1
            ? found[0].Value
            : throw new InvalidOperationException($"{found.Count} samples of {name}{{{string.Join(",", labels.Select(l => l.Label + "=" + l.Value))}}}");
    }

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>.*)\\})? (?<value>[^ ]+)( [0-9]+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<value>(\\\\.|[^\"\\\\])*)\"")]
    private static partial Regex LabelPair();
}

internal static class WatchTestSupport
{
    /// <summary>A port that was free a moment ago: HttpListener cannot take port 0.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Writes a mipsecure.json describing <paramref name="site"/>, with its CA beside it.</summary>
    public static string WriteSiteFile(SimulatedSite site, string directory, int expiryWarningDays = 30)
    {
        File.WriteAllText(Path.Combine(directory, "ca.crt"), site.RootCertificatePem);
        var recorders = string.Join(",\n", site.RecordingServers.Select(r => $$"""    { "name": "{{r.Name}}", "webServerUri": "{{r.Uri}}" }"""));
        var path = Path.Combine(directory, "mipsecure.json");
        File.WriteAllText(path, $$"""
            {
              "trust": { "caCertificates": ["ca.crt"], "expiryWarningDays": {{expiryWarningDays}} },
              "managementServer": { "uri": "{{site.ManagementServer.Uri}}" },
              "recordingServers": [
            {{recorders}}
              ]
            }
            """);
        return path;
    }

    public static MipSecure.Endpoints.AddressOverrides Loopback(SimulatedSite site) =>
        new(site.HostMap.Keys.Select(host => new KeyValuePair<string, string>(host, "127.0.0.1")));

    public static async Task<(IReadOnlyList<MetricSample> Samples, string Text)> ScrapeAsync(HttpClient http, ListenAddress address)
    {
        var text = await http.GetStringAsync(new Uri(address.BaseUri, "metrics"));
        return (Exposition.Parse(text), text);
    }
}

/// <summary>
/// Watch tests run one at a time and alone: every watcher's meter is named <c>MipSecure.Watch</c>, and a scrape or a
/// memory measurement must see one watcher only.
/// </summary>
[Xunit.CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WatchTestGroup
{
    public const string Name = "Watch";
}
