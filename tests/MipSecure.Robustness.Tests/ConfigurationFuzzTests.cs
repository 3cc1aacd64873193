using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using Xunit;
using Xunit.Abstractions;

namespace MipSecure.Robustness.Tests;

/// <summary>
/// Mutated mipsecure.json documents: truncated, bit-flipped, deeply nested, with huge numbers, wrong types and invalid UTF-8.
/// The only failures allowed are coded findings (or a coded <see cref="MipSecureException"/>): no other exception, no hang,
/// no memory blow-up. Documents that still load are checked as a site too, so the checker sees odd but valid models.
/// </summary>
public sealed class ConfigurationFuzzTests : IDisposable
{
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(5);
    private readonly ITestOutputHelper _output;
    private readonly TempDirectory _directory = new();
    private readonly string _seedDocument;

    public ConfigurationFuzzTests(ITestOutputHelper output)
    {
        _output = output;
        Directory.CreateDirectory(Path.Combine(_directory.Path, "certs"));
        using var root = CertificateAuthority.CreateRoot("Fuzz Site Root");
        File.WriteAllText(Path.Combine(_directory.Path, "certs", "root.crt"), CertificateAuthority.ExportPem(root.Certificate));
        foreach (var host in new[] { "mgmt", "rec1", "fo1", "mobile" })
        {
            using var certificate = root.IssueServerCertificate(host + ".contoso.local", host + ".contoso.com");
            File.WriteAllText(Path.Combine(_directory.Path, "certs", host + ".crt"), CertificateAuthority.ExportPem(certificate));
        }

        _seedDocument = """
            {
              // The whole model, so every reader path is reachable by a mutation.
              "trust": { "caCertificates": ["certs/root.crt"], "expiryWarningDays": 30,
                         "managementServer": { "caCertificates": ["certs/root.crt"] } },
              "managementServer": { "uri": "https://mgmt.contoso.local/", "certificate": "certs/mgmt.crt" },
              "recordingServers": [ { "name": "Recorder 1", "webServerUri": "https://rec1.contoso.local:7563/",
                                      "activeWebServerUri": "https://rec1.contoso.com:7563/", "certificate": "certs/rec1.crt" } ],
              "failoverRecorders": [ { "name": "Failover 1", "webServerUri": "https://fo1.contoso.local:7563/", "certificate": "certs/fo1.crt" } ],
              "mobileServers": [ { "name": "Mobile 1", "httpsUri": "https://mobile.contoso.local:8082/", "certificate": "certs/mobile.crt" } ],
            }
            """;
    }

    [Fact]
    public void The_seed_document_loads_and_checks_clean()
    {
        var loaded = SiteConfigurationLoader.LoadText(_seedDocument, "mipsecure.json", _directory.Path);

        Assert.False(loaded.HasErrors, string.Join("; ", loaded.Findings.Select(f => f.Finding.ToString())));
        var report = SiteChecker.Check(loaded, Options());
        Assert.False(report.HasErrors, string.Join("; ", report.Findings));
    }

    [Theory]
    [InlineData(505, 1500)]
    [InlineData(606, 1500)]
    public void Mutated_documents_fail_only_with_coded_findings(int seed, int count)
    {
        var mutator = new JsonMutator(seed);
        var outcome = Run(count, i => SiteConfigurationLoader.LoadText(mutator.MutateText(_seedDocument), $"fuzz-{seed}-{i}.json", _directory.Path));

        _output.WriteLine($"seed {seed}: {outcome}");
        Assert.Equal(count, outcome.Loaded + outcome.Refused);
        Assert.True(outcome.Refused > count / 3, "the mutator should break many documents");
        Assert.True(outcome.Loaded > 0, "some mutations should leave a loadable document, so the site checker is fuzzed too");
        Assert.True(outcome.Slowest < PerInputLimit, $"a document took {outcome.Slowest}");
        Assert.True(outcome.PeakHeapGrowthBytes < 256L * 1024 * 1024, $"heap grew by {outcome.PeakHeapGrowthBytes} bytes");
    }

    [Fact]
    public void Documents_with_invalid_utf8_fail_only_with_coded_findings()
    {
        const int Count = 600;
        var mutator = new JsonMutator(707);
        var path = Path.Combine(_directory.Path, "mipsecure.json");
        var outcome = Run(Count, _ =>
        {
            File.WriteAllBytes(path, mutator.MutateBytes(_seedDocument));
            return SiteConfigurationLoader.Load(path);
        });

        _output.WriteLine($"invalid UTF-8: {outcome}");
        Assert.Equal(Count, outcome.Loaded + outcome.Refused);
        Assert.True(outcome.Refused > Count / 2, "broken encodings should be refused");
        Assert.True(outcome.Slowest < PerInputLimit, $"a document took {outcome.Slowest}");
    }

    public void Dispose() => _directory.Dispose();

    private static SiteCheckOptions Options() => new() { GetEnvironmentVariable = _ => null };

    private static FuzzOutcome Run(int count, Func<int, SiteConfigurationLoadResult> load)
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var outcome = new FuzzOutcome();
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                var loaded = load(i);
                Assert.All(loaded.Findings, f => Assert.Matches("^MIPSEC\\d{4}$", f.Code.Id));
                Assert.All(loaded.Findings.Where(f => f.Severity == FindingSeverity.Error), f => Assert.Matches("^MIPSEC3\\d{3}$", f.Code.Id));
                Assert.All(loaded.Findings, f => Assert.DoesNotMatch("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", f.Finding.Message));
                if (loaded.HasErrors)
                {
                    outcome.Refused++;
                }
                else
                {
                    Assert.NotNull(loaded.Configuration);
                    var report = SiteChecker.Check(loaded, Options());
                    Assert.All(report.Findings, f => Assert.Matches("^MIPSEC\\d{4}$", f.Code.Id));
                    outcome.Loaded++;
                }
            }
            catch (MipSecureException ex) when (ex.Code.Category == MipSecCodeCategory.UnreadableInput)
            {
                outcome.Refused++;
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"document {i} threw {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            }

            outcome.Slowest = watch.Elapsed > outcome.Slowest ? watch.Elapsed : outcome.Slowest;
            if (i % 100 == 0)
            {
                outcome.PeakHeapGrowthBytes = Math.Max(outcome.PeakHeapGrowthBytes, GC.GetTotalMemory(false) - baseline);
            }
        }

        return outcome;
    }

    private sealed class FuzzOutcome
    {
        public int Loaded { get; set; }

        public int Refused { get; set; }

        public TimeSpan Slowest { get; set; }

        public long PeakHeapGrowthBytes { get; set; }

        public override string ToString() =>
            $"{Loaded} loaded and checked, {Refused} refused with coded findings, slowest {Slowest.TotalMilliseconds:F0} ms, peak heap growth {PeakHeapGrowthBytes / 1024} KiB";
    }
}
