using System;
using System.IO;
using System.Text.Json;
using MipSecure.TestUtilities;
using MipSecure.Trust.Validation;
using Xunit;

namespace MipSecure.Trust.Tests.Documentation;

/// <summary>
/// The expiry warning window is defined once (<see cref="ExpiryWarningWindow"/>); every page that states its default or
/// range states the same numbers, so changing one without the docs fails here.
/// </summary>
public sealed class ExpiryWarningWindowDocumentationTests
{
    private static readonly string Default = ExpiryWarningWindow.DefaultDays.ToString(System.Globalization.CultureInfo.InvariantCulture);
    private static readonly string Range = ExpiryWarningWindow.RangeText;

    [Theory]
    [InlineData("README.md", "| `ExpiryWarningDays` | {default} |")]
    [InlineData("docs/client.md", "| `ExpiryWarningDays` | {default} |")]
    [InlineData("docs/configuration.md", "default {default}, {min} turns it off")]
    [InlineData("docs/monitoring.md", "| `--expiry-warning-days N` | the file's `trust.expiryWarningDays`, else {default} |")]
    [InlineData("docs/build-checks.md", "| `MipSecureExpiryWarningDays` | the file's `expiryWarningDays`, else {default} | warning window in days ({min}-{max},")]
    [InlineData("src/MipSecure.Build/README.md", "| `MipSecureExpiryWarningDays` | the configuration's `expiryWarningDays`, else {default} |")]
    [InlineData("docs/errors/MIPSEC3057.md", "`expiryWarningDays` below {min} or above {max}")]
    [InlineData("docs/errors/MIPSEC3057.md", "whole number of days from {range} for `expiryWarningDays`")]
    [InlineData("docs/errors/MIPSEC5015.md", "whole number of days from {range}.")]
    [InlineData("docs/errors/MIPSEC5015.md", "`expiryWarningDays` ({default} by default)")]
    public void A_page_states_the_defined_default_and_range(string page, string statement)
    {
        var expected = statement
            .Replace("{default}", Default, StringComparison.Ordinal)
            .Replace("{range}", Range, StringComparison.Ordinal)
            .Replace("{min}", ExpiryWarningWindow.MinDays.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{max}", ExpiryWarningWindow.MaxDays.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        // Pages wrap lines; a statement may span two of them.
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Root, page)).Replace("\r\n", " ", StringComparison.Ordinal).Replace('\n', ' ');

        Assert.True(text.Contains(expected, StringComparison.Ordinal), $"{page} does not say: {expected}");
    }

    [Fact]
    public void The_schema_gives_the_defined_default_and_range()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "mipsecure.schema.json")));
        var days = schema.RootElement.GetProperty("definitions").GetProperty("trust").GetProperty("properties").GetProperty("expiryWarningDays");

        Assert.Equal(ExpiryWarningWindow.MinDays, days.GetProperty("minimum").GetInt32());
        Assert.Equal(ExpiryWarningWindow.MaxDays, days.GetProperty("maximum").GetInt32());
        Assert.Equal(ExpiryWarningWindow.DefaultDays, days.GetProperty("default").GetInt32());
    }

    [Fact]
    public void Every_input_starts_from_the_defined_default()
    {
        Assert.Equal(ExpiryWarningWindow.DefaultDays, new CertificateValidationOptions().ExpiryWarningDays);
        Assert.Equal(ExpiryWarningWindow.DefaultDays, new Trust.Configuration.TrustSettings().ExpiryWarningDays);
        Assert.True(ExpiryWarningWindow.IsValid(ExpiryWarningWindow.MinDays) && ExpiryWarningWindow.IsValid(ExpiryWarningWindow.MaxDays));
        Assert.False(ExpiryWarningWindow.IsValid(ExpiryWarningWindow.MinDays - 1) || ExpiryWarningWindow.IsValid(ExpiryWarningWindow.MaxDays + 1));
    }
}
