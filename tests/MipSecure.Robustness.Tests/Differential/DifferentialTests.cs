using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;
using Xunit;
using Xunit.Abstractions;

namespace MipSecure.Robustness.Tests.Differential;

/// <summary>
/// Generates chains with random mutations, writes them as PEM files, and compares MipSecure's verdict (shipping defaults) with
/// <c>openssl verify -x509_strict -purpose sslserver -policy_check -verify_hostname</c> on the same files. A chain MipSecure trusts
/// and OpenSSL refuses fails the test, unless every OpenSSL error is explained by a documented policy of MipSecure.
/// </summary>
public sealed class DifferentialTests
{
    private const int Seed = 1014;
    private const int Cases = 220;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(90);
    private static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Where MipSecure deliberately trusts what OpenSSL refuses: the mutation that causes it, OpenSSL's error number, and why.
    /// docs/conformance.md lists the same.
    /// </summary>
    private static readonly (string Mutation, int OpenSslError, string Reason)[] DocumentedPolicies =
    {
        ("root without key usage", 92,
            "an installed trust anchor is input, not a processed certificate (RFC 5280 6.1.1 d), so it needs no key usage extension; "
            + "one it states is honoured (x509-limbo crl::issuer-no-keyusage-extension and rfc5280::root-inconsistent-ca-extensions)"),
    };

    /// <summary>
    /// OpenSSL error 43 (no explicit policy): openssl verify without <c>-policy</c> starts from an empty user-initial-policy-set, so it
    /// refuses every chain whose CA requires an explicit policy. MipSecure starts from anyPolicy, RFC 5280 6.1.1 (c)'s default. Such a
    /// case counts as documented only when OpenSSL, asked again with <c>-policy 2.5.29.32.0</c>, accepts it.
    /// </summary>
    private const int NoExplicitPolicy = 43;

    private readonly ITestOutputHelper _output;

    public DifferentialTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void MipSecure_never_trusts_a_generated_chain_that_openssl_refuses_unless_by_documented_policy()
    {
        var openssl = OpenSslVerifier.Locate();
        Assert.True(openssl is not null,
            "The differential test needs the openssl command on PATH (Debian/Ubuntu: apt-get install -y openssl; .ci/run installs it). It compares every verdict with openssl verify.");

        var random = new Random(Seed);
        using var factory = new ChainFactory(Seed);
        using var folder = new TempDirectory("mipsecure-differential");
        var stopwatch = Stopwatch.StartNew();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var dangerous = new List<string>();
        var stricter = new Dictionary<string, int>(StringComparer.Ordinal);
        var policyCases = new List<string>();
        var total = ChainMutator.Regressions.Length + Cases;
        for (var i = 0; i < total; i++)
        {
            Assert.True(stopwatch.Elapsed < TimeLimit, $"The differential test ran out of time after {i} of {total} cases ({TimeLimit.TotalSeconds} s).");
            var spec = i < ChainMutator.Regressions.Length ? ChainMutator.Fixed(ChainMutator.Regressions[i]) : ChainMutator.Next(random);
            var (root, intermediate, leaf) = factory.Build(spec, At);
            var rootPath = Write(folder.File($"case{i}-root.pem"), root);
            var intermediatePath = intermediate is null ? null : Write(folder.File($"case{i}-intermediate.pem"), intermediate);
            var leafPath = Write(folder.File($"case{i}-leaf.pem"), leaf);
            root.Dispose();
            intermediate?.Dispose();
            leaf.Dispose();

            var mipsecure = ValidateFiles(rootPath, intermediatePath, leafPath);
            var reference = openssl!.Verify(rootPath, intermediatePath, leafPath, ChainSpec.Host, At);
            var key = (mipsecure.IsTrusted ? "MipSecure accepts" : "MipSecure rejects") + ", " + (reference.Accepted ? "OpenSSL accepts" : "OpenSSL rejects");
            counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;

            if (mipsecure.IsTrusted && !reference.Accepted)
            {
                var unexplained = reference.Errors.Where(e => !DocumentedPolicies.Any(p => p.OpenSslError == e.Code && spec.Mutations.Contains(p.Mutation))).ToList();
                if (unexplained.Count > 0 && unexplained.All(e => e.Code == NoExplicitPolicy)
                    && openssl.Verify(rootPath, intermediatePath, leafPath, ChainSpec.Host, At, anyPolicy: true).Accepted)
                {
                    unexplained.Clear();
                }

                if (unexplained.Count > 0 || reference.Errors.Count == 0)
                {
                    dangerous.Add($"case {i} [{spec}]: MipSecure trusts it ({string.Join(", ", mipsecure.Findings.Select(f => f.Code.Id))}); OpenSSL: {reference.Output.Trim().Replace('\n', ' ')}");
                }
                else
                {
                    policyCases.Add($"case {i} [{spec}]: documented policy (OpenSSL error {string.Join(", ", reference.Errors.Select(e => e.Code))})");
                }
            }
            else if (!mipsecure.IsTrusted && reference.Accepted)
            {
                var code = mipsecure.FirstError!.Code.Id;
                stricter[code] = stricter.TryGetValue(code, out var m) ? m + 1 : 1;
            }
        }

        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"differential test: {total} generated chains ({ChainMutator.Regressions.Length} regression shapes, {Cases} random), seed {Seed}, {ChainMutator.Count} mutations, {stopwatch.Elapsed.TotalSeconds:F1} s")
            .AppendLine(CultureInfo.InvariantCulture, $"reference: {openssl!.Version()} verify -x509_strict -purpose sslserver -policy_check -verify_hostname {ChainSpec.Host} -attime {At.ToUnixTimeSeconds()}");
        foreach (var (verdict, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"{verdict}: {count}");
        }

        foreach (var (code, count) in stricter.OrderByDescending(s => s.Value))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"MipSecure stricter, first error {code}: {count}");
        }

        foreach (var line in policyCases.Concat(dangerous))
        {
            summary.AppendLine(line);
        }

        File.WriteAllText(Path.Combine(RepositoryPaths.Artifacts("differential"), "summary.txt"), summary.ToString());
        _output.WriteLine(summary.ToString());

        Assert.True(dangerous.Count == 0, $"MipSecure trusted {dangerous.Count} chain(s) that OpenSSL refuses, not by documented policy:\n{summary}");
        Assert.True(counts.GetValueOrDefault("MipSecure accepts, OpenSSL accepts") >= total / 10, $"Too few chains both accept: the generator no longer makes valid chains.\n{summary}");
        Assert.True(counts.GetValueOrDefault("MipSecure rejects, OpenSSL rejects") >= total / 10, $"Too few chains both reject: the mutations no longer break chains.\n{summary}");
    }

    private static TrustReport ValidateFiles(string rootPath, string? intermediatePath, string leafPath)
    {
        using var root = CertificateLoader.LoadFile(rootPath);
        using var leaf = CertificateLoader.LoadFile(leafPath);
        using var intermediate = intermediatePath is null ? null : CertificateLoader.LoadFile(intermediatePath);
        var validator = new CertificateValidator(new TrustAnchorSet(root.Certificates), new CertificateValidationOptions());
        return validator.Validate(new CertificateValidationRequest(leaf.Primary, ChainSpec.Host)
        {
            Intermediates = intermediate?.Certificates ?? Array.Empty<System.Security.Cryptography.X509Certificates.X509Certificate2>(),
            ValidationTime = At,
        });
    }

    private static string Write(string path, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        File.WriteAllText(path, new string(System.Security.Cryptography.PemEncoding.Write("CERTIFICATE", certificate.RawData)) + "\n");
        return path;
    }
}
