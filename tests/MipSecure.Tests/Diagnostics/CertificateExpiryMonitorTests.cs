using System;
using System.Linq;
using MipSecure.Diagnostics;
using MipSecure.Pki;
using MipSecure.Tests.TestSupport;
using MipSecure.Trust.Validation;
using Microsoft.Extensions.Logging;
using Xunit;

namespace MipSecure.Tests.Diagnostics;

public sealed class CertificateExpiryMonitorTests : IDisposable
{
    private const string Server = "rec1.contoso.local:7563";
    private readonly ClientTestContext _context = new();

    [Fact]
    public void Warns_once_per_certificate_per_day_inside_the_window()
    {
        // The clock starts at the real time; from 23:00 UTC the one-hour step below would rightly reach a new UTC day and
        // warn again. Start at 01:00 UTC of the next day instead.
        var start = _context.Clock.GetUtcNow();
        _context.Clock.Advance(new DateTimeOffset(start.UtcDateTime.Date, TimeSpan.Zero).AddDays(1).AddHours(1) - start);
        var monitor = _context.ExpiryMonitor();
        var report = ReportFor(daysLeft: 10);

        Assert.True(monitor.Observe(Server, report));
        Assert.False(monitor.Observe(Server, report));
        _context.Clock.Advance(TimeSpan.FromHours(1));
        Assert.False(monitor.Observe(Server, report));
        _context.Clock.Advance(TimeSpan.FromDays(1));
        Assert.True(monitor.Observe(Server, report));

        var warnings = _context.Logs.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Message).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.StartsWith("MIPSEC1006: the certificate of rec1.contoso.local:7563 (CN=rec1.contoso.local", warnings[0], StringComparison.Ordinal);
        Assert.Contains("in 9 days", warnings[0], StringComparison.Ordinal);
        Assert.Contains("XProtect will not warn", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Each_certificate_gets_its_own_warning()
    {
        var monitor = _context.ExpiryMonitor();

        Assert.True(monitor.Observe(Server, ReportFor(daysLeft: 10)));
        Assert.True(monitor.Observe(Server, ReportFor(daysLeft: 12)));
        Assert.True(monitor.Observe("rec2.contoso.local:7563", ReportFor(daysLeft: 12, host: "rec2.contoso.local")));
    }

    [Fact]
    public void Stays_silent_outside_the_window_and_when_turned_off()
    {
        Assert.False(_context.ExpiryMonitor().Observe(Server, ReportFor(daysLeft: 200)));
        _context.Options.ExpiryWarningDays = 0;
        Assert.False(_context.ExpiryMonitor().Observe(Server, ReportFor(daysLeft: 3)));
        Assert.Empty(_context.Logs.Lines);
    }

    [Fact]
    public void The_gauge_counts_down_the_seconds_to_expiry_per_server()
    {
        using var metrics = new MetricsRecorder(_context.Metrics);
        var monitor = _context.ExpiryMonitor();
        var report = ReportFor(daysLeft: 100);
        monitor.Observe(Server, report);
        var notAfter = report.Chain.Min(c => c.NotAfter);

        var first = Assert.Single(metrics.Observe("mipsecure.certificate.expiry"));
        _context.Clock.Advance(TimeSpan.FromHours(2));
        var observed = metrics.Observe("mipsecure.certificate.expiry");
        var later = observed[observed.Count - 1];

        Assert.Equal(Server, first.Tags["server"]);
        Assert.Equal((notAfter - _context.Clock.GetUtcNow()).TotalSeconds + TimeSpan.FromHours(2).TotalSeconds, first.Value, precision: 3);
        Assert.Equal(TimeSpan.FromHours(2).TotalSeconds, first.Value - later.Value, precision: 3);
    }

    public void Dispose() => _context.Dispose();

    private TrustReport ReportFor(int daysLeft, string host = "rec1.contoso.local")
    {
        var certificate = _context.Issuing.Issue(new CertificateSpec { CommonName = host, DnsNames = new[] { host }, NotAfterOffset = TimeSpan.FromDays(daysLeft) - TimeSpan.FromMinutes(1) });
        var report = _context.Validator().Validate(certificate, _context.Chain, host);
        Assert.True(report.IsTrusted);
        return report;
    }
}
