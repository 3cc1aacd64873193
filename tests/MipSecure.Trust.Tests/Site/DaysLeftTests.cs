using System;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using Xunit;

namespace MipSecure.Trust.Tests.Site;

/// <summary>One days-left arithmetic: a trusted CA and a chain certificate that expire at the same instant have the same days left.</summary>
public sealed class DaysLeftTests
{
    [Fact]
    public void A_trusted_CA_and_an_intermediate_that_expire_together_have_the_same_days_left()
    {
        // Both expire ten days after the epoch; half a day later, 9.5 days are left: whole days, rounded down, are 9.
        using var folder = new SiteFolder().Write("""
            {
              "trust": { "caCertificates": ["certs/root.crt", "certs/expiring-root.crt"] },
              "recordingServers": [ { "name": "Recorder 2", "webServerUri": "https://rec2.contoso.local:7563/", "certificate": "certs/rec2-expiring-issuer.crt" } ]
            }
            """);
        var options = folder.Options;
        options.TimeProvider = new FakeTimeProvider(SiteCertificates.Epoch.AddHours(12));

        var report = SiteChecker.CheckFile(folder.ConfigurationPath, options);

        var ca = Assert.Single(report.Findings, f => f.Code.Equals(MipSecCodes.CaCertificateExpiresSoon));
        var intermediate = Assert.Single(report.Findings, f => f.Code.Equals(MipSecCodes.CertificateExpiresSoon) && f.Message.Contains("Expiring Issuing CA", StringComparison.Ordinal));
        Assert.Equal(9, DaysIn(intermediate.Message));
        Assert.Equal(9, DaysIn(ca.Message));
    }

    private static int DaysIn(string message) => int.Parse(Regex.Match(message, @"(\d+) days?").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
