using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using MipSecure.Diagnostics;
using Xunit;

namespace MipSecure.Tests.Diagnostics;

/// <summary>
/// The <c>MipSecure</c> meter's instruments are documented in docs/monitoring.md as stable names that dashboards and alerts
/// rely on: a rename or a unit change must fail here first.
/// </summary>
public sealed class StableMetricNamesTests
{
    [Fact]
    public void The_meter_publishes_exactly_the_documented_instruments()
    {
        var published = new List<Instrument>();
        using var metrics = new MipSecureMetrics(TimeProvider.System);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    published.Add(instrument);
                }
            };
            listener.Start();
        }

        var shape = published.Select(i => $"{i.Name} {i.GetType().Name.Split('`')[0]} {i.Unit}").OrderBy(s => s, StringComparer.Ordinal).ToList();

        Assert.Equal("MipSecure", MipSecureMetrics.MeterName);
        Assert.Equal(
            new[]
            {
                "mipsecure.certificate.expiry ObservableGauge s",
                "mipsecure.circuit.transitions Counter {transition}",
                "mipsecure.connection.attempts Counter {attempt}",
                "mipsecure.connection.retries Counter {retry}",
                "mipsecure.trust.failures Counter {failure}",
            },
            shape);
    }
}
