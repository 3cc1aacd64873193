using System;
using System.IO;
using System.Linq;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Build.Tests.TestSupport;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Build.Tests.Tasks;

/// <summary>The TrustConfigInCi sample's configurations give the results its README shows.</summary>
public sealed class SampleConfigurationTests
{
    private static readonly string SampleFolder = Path.Combine(RepositoryPaths.Root, "samples", "TrustConfigInCi");

    // The sample's committed certificates are valid from 2026-11-25 for ten years: judged on a fixed day inside that.
    private static FakeTimeProvider SampleDay() => new(new DateTimeOffset(2027, 6, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Sample_site_passes()
    {
        var engine = new FakeBuildEngine();
        var task = new CheckTrustConfiguration { BuildEngine = engine, ConfigurationFile = Path.Combine(SampleFolder, "mipsecure.json"), TimeProvider = SampleDay() };

        Assert.True(task.Execute(), engine.Render());
        Assert.Empty(engine.Warnings);
        Assert.Equal(3, task.CheckedServers);
    }

    [Fact]
    public void Broken_sample_site_fails_with_the_errors_the_README_shows()
    {
        var engine = new FakeBuildEngine();
        var broken = Path.Combine(SampleFolder, "broken", "mipsecure.json");
        var task = new CheckTrustConfiguration { BuildEngine = engine, ConfigurationFile = broken, TimeProvider = SampleDay() };

        Assert.False(task.Execute());
        Assert.Equal(
            new[] { "MIPSEC1002 at 7,29", "MIPSEC2001 at 8,29" },
            engine.Errors.Select(e => $"{e.Code} at {e.LineNumber},{e.ColumnNumber}").OrderBy(text => text).ToArray());
        Assert.All(engine.Errors, e => Assert.Equal(broken, e.File));
    }
}
