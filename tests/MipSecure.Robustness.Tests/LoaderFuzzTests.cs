using System;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MipSecure.Pki;
using MipSecure.Trust.Certificates;
using Xunit;
using Xunit.Abstractions;

namespace MipSecure.Robustness.Tests;

/// <summary>
/// Mutated PEM, DER and PFX inputs to the certificate loader. The only failure allowed is a coded
/// <see cref="CertificateLoadException"/>: no other exception, no hang, no memory blow-up.
/// </summary>
public sealed class LoaderFuzzTests
{
    private const int InputsPerFormat = 2500;
    private static readonly TimeSpan PerInputLimit = TimeSpan.FromSeconds(5);
    private readonly ITestOutputHelper _output;

    public LoaderFuzzTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("pem", 101)]
    [InlineData("der", 202)]
    [InlineData("pfx", 303)]
    [InlineData("pem-bundle", 404)]
    public void Mutated_certificate_files_fail_only_with_coded_errors(string format, int seed)
    {
        using var root = CertificateAuthority.CreateRoot("Fuzz Root");
        var leaf = root.IssueServerCertificate("rec1.contoso.local");
        var (input, password) = format switch
        {
            "pem" => (Encoding.ASCII.GetBytes(CertificateAuthority.ExportPem(leaf)), (string?)null),
            "der" => (leaf.RawData, null),
            "pfx" => (leaf.Export(X509ContentType.Pkcs12, "fuzz-password"), "fuzz-password"),
            _ => (Encoding.ASCII.GetBytes(CertificateAuthority.ExportPem(leaf) + CertificateAuthority.ExportPem(root.Certificate)), null),
        };

        var outcome = Run(input, password, seed, InputsPerFormat);

        _output.WriteLine($"{format}: {outcome.Loaded} loaded, {outcome.Coded} coded errors, slowest {outcome.Slowest.TotalMilliseconds:F0} ms, peak managed heap growth {outcome.PeakHeapGrowthBytes / 1024} KiB");
        Assert.Equal(InputsPerFormat, outcome.Loaded + outcome.Coded);
        Assert.True(outcome.Coded > InputsPerFormat / 2, "the mutator should break most inputs");
        Assert.True(outcome.Slowest < PerInputLimit, $"an input took {outcome.Slowest}");
        Assert.True(outcome.PeakHeapGrowthBytes < 256L * 1024 * 1024, $"heap grew by {outcome.PeakHeapGrowthBytes} bytes");
    }

    private static FuzzOutcome Run(byte[] seedInput, string? password, int seed, int count)
    {
        var mutator = new Mutator(seed);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var outcome = new FuzzOutcome();
        for (var i = 0; i < count; i++)
        {
            var input = mutator.Mutate(seedInput);
            var watch = Stopwatch.StartNew();
            try
            {
                using var loaded = CertificateLoader.LoadBytes(input, $"fuzz-{seed}-{i}", password);
                Assert.NotEmpty(loaded.Certificates);
                outcome.Loaded++;
            }
            catch (CertificateLoadException ex)
            {
                Assert.Matches("^MIPSEC3\\d{3}$", ex.Code.Id);
                if (password is not null)
                {
                    Assert.DoesNotContain(password, ex.Message, StringComparison.Ordinal);
                }

                Assert.DoesNotMatch("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]", ex.Message);
                outcome.Coded++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"input {i} of seed {seed} ({input.Length} bytes) threw {ex.GetType().Name}: {ex.Message}\n{Convert.ToBase64String(input.AsSpan(0, Math.Min(input.Length, 256)))}");
            }

            outcome.Slowest = watch.Elapsed > outcome.Slowest ? watch.Elapsed : outcome.Slowest;
            if (i % 250 == 0)
            {
                outcome.PeakHeapGrowthBytes = Math.Max(outcome.PeakHeapGrowthBytes, GC.GetTotalMemory(false) - baseline);
            }
        }

        return outcome;
    }

    private sealed class FuzzOutcome
    {
        public int Loaded { get; set; }

        public int Coded { get; set; }

        public TimeSpan Slowest { get; set; }

        public long PeakHeapGrowthBytes { get; set; }
    }
}
