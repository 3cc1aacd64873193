using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using MipSecure.Pki;
using MipSecure.Trust.Site;

namespace MipSecure.Benchmarks;

/// <summary>
/// <see cref="SiteChecker.CheckFile"/> on a mipsecure.json naming one certificate per recording server, every certificate
/// a PEM file issued by the site's CA. The 1-certificate site is the baseline, so the ratio is the cost of size.
/// </summary>
[MemoryDiagnoser]
public class SiteCheckBenchmarks
{
    private string _directory = null!;
    private string _configurationPath = null!;

    /// <summary>Gets or sets how many certificates (recording servers) the site has.</summary>
    [Params(1, 100)]
    public int CertificateCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Path.Combine(Path.GetTempPath(), "mipsecure-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(_directory, "certs"));
        using var root = CertificateAuthority.CreateRoot("Bench Site Root CA");
        File.WriteAllText(Path.Combine(_directory, "certs", "root.crt"), CertificateAuthority.ExportPem(root.Certificate));
        var recorders = new StringBuilder();
        for (var i = 1; i <= CertificateCount; i++)
        {
            var host = string.Create(CultureInfo.InvariantCulture, $"rec{i}.contoso.local");
            using var certificate = root.IssueServerCertificate(host);
            File.WriteAllText(Path.Combine(_directory, "certs", host + ".crt"), CertificateAuthority.ExportPem(certificate));
            recorders.Append(i == 1 ? string.Empty : ",\n")
                .Append(CultureInfo.InvariantCulture, $"    {{ \"name\": \"Recorder {i}\", \"webServerUri\": \"https://{host}:7563/\", \"certificate\": \"certs/{host}.crt\" }}");
        }

        _configurationPath = Path.Combine(_directory, "mipsecure.json");
        File.WriteAllText(_configurationPath, $$"""
            {
              "trust": { "caCertificates": ["certs/root.crt"] },
              "recordingServers": [
            {{recorders}}
              ]
            }
            """);
        var report = SiteChecker.CheckFile(_configurationPath);
        if (report.Servers.Count != CertificateCount || report.HasErrors)
        {
            throw new InvalidOperationException("The benchmark site must check clean: " + string.Join("; ", report.Findings.Select(f => f.Code.Id + " " + f.Finding.Message)));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark(Description = "SiteChecker.CheckFile")]
    public int CheckSite() => SiteChecker.CheckFile(_configurationPath).Servers.Count;
}
