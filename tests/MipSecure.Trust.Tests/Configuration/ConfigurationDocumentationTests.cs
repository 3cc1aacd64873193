using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using MipSecure.Trust.Configuration;
using MipSecure.Trust.Diagnostics;
using MipSecure.Trust.Site;
using Xunit;

namespace MipSecure.Trust.Tests.Configuration;

/// <summary>The schema, the user guide's example and the error pages stay true to the code.</summary>
public sealed class ConfigurationDocumentationTests
{
    private static readonly string Docs = Path.Combine(RepositoryPaths.Root, "docs");

    [Fact]
    public void Schema_declares_exactly_the_properties_the_loader_reads()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(Docs, "mipsecure.schema.json")));
        var definitions = schema.RootElement.GetProperty("definitions");
        var objectDefinitions = definitions.EnumerateObject().Where(d => d.Value.TryGetProperty("properties", out _)).Select(d => d.Name).ToList();

        Assert.Equal(
            SiteConfigurationReader.KnownProperties.Keys.Where(k => k != "site").Order(StringComparer.Ordinal),
            objectDefinitions.Order(StringComparer.Ordinal));
        foreach (var (kind, properties) in SiteConfigurationReader.KnownProperties)
        {
            var element = kind == "site" ? schema.RootElement : definitions.GetProperty(kind);
            var declared = element.GetProperty("properties").EnumerateObject().Select(p => p.Name);
            Assert.Equal(properties.Order(StringComparer.Ordinal), declared.Order(StringComparer.Ordinal));
            Assert.False(element.GetProperty("additionalProperties").GetBoolean());
        }
    }

    [Fact]
    public void Schema_matches_the_model_property_names()
    {
        // Each public model property that comes from the file has a property of the same (camel-cased) name in its schema object.
        AssertModelCovered(typeof(RecordingServerConfiguration), "recordingServer");
        AssertModelCovered(typeof(FailoverRecorderConfiguration), "failoverRecorder");
        AssertModelCovered(typeof(MobileServerConfiguration), "mobileServer");
        AssertModelCovered(typeof(EventServerConfiguration), "eventServer");
        AssertModelCovered(typeof(ManagementServerConfiguration), "managementServer");
    }

    [Fact]
    public void Guide_example_loads_and_passes_every_check()
    {
        var example = Regex.Match(File.ReadAllText(Path.Combine(Docs, "configuration.md")), "```jsonc\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;
        Assert.NotEmpty(example);
        using var folder = new TempDirectory("mipsecure-guide");
        var path = folder.File(SiteConfigurationLoader.DefaultFileName);
        File.WriteAllText(path, example);
        var loaded = SiteConfigurationLoader.Load(path);
        Assert.Empty(loaded.Findings);
        var site = loaded.Configuration!;
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero));
        using var root = CertificateAuthority.CreateRoot("Contoso Root CA", clock);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);

        // Issue what the example names: the CA for every trust entry, and for each server a certificate for every host it is reached by.
        foreach (var ca in site.Trust.CaCertificates)
        {
            WriteFile(ca.ResolvedPath!, CertificateAuthority.ExportPem(root.Certificate));
        }

        foreach (var server in site.Servers.Where(s => s.Certificate is not null))
        {
            var hosts = server.Endpoints.Select(e => e.Host).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
            var certificate = root.IssueServerCertificate(hosts[0], hosts.Skip(1).ToArray());
            if (server.Certificate!.PasswordVariable is { } variable)
            {
                variables[variable] = "example-" + Guid.NewGuid().ToString("N");
                Directory.CreateDirectory(Path.GetDirectoryName(server.Certificate.ResolvedPath!)!);
                File.WriteAllBytes(server.Certificate.ResolvedPath!, certificate.Export(X509ContentType.Pkcs12, variables[variable]));
            }
            else
            {
                WriteFile(server.Certificate.ResolvedPath!, CertificateAuthority.ExportPem(certificate));
            }
        }

        var report = SiteChecker.CheckFile(path, new SiteCheckOptions
        {
            TimeProvider = clock,
            GetEnvironmentVariable = name => variables.TryGetValue(name, out var value) ? value : null,
        });

        Assert.Empty(report.Findings);
        Assert.Equal(SiteVerdict.Passed, report.Verdict);
        Assert.Equal(5, site.Servers.Count);
    }

    [Fact]
    public void Every_site_and_configuration_code_has_a_help_page_with_three_sections()
    {
        var codes = MipSecCodes.All.Where(c => IsMine(c.Id)).ToList();
        Assert.Equal(32, codes.Count);
        foreach (var code in codes)
        {
            var page = Path.Combine(Docs, "errors", code.Id + ".md");
            Assert.True(File.Exists(page), $"{code.Id} has no page {page}.");
            var lines = File.ReadAllLines(page);
            Assert.Equal($"# {code.Id}: {code.Title}", lines[0]);
            Assert.Equal(
                new[] { "## What it means", "## Why XProtect cares", "## How to fix it" },
                lines.Where(l => l.StartsWith("## ", StringComparison.Ordinal)));
            Assert.EndsWith(code.Id + ".md", code.HelpLink, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Site_and_configuration_codes_stay_in_their_ranges()
    {
        Assert.All(MipSecCodes.All.Where(c => c.Category == MipSecCodeCategory.SiteConfiguration), c => Assert.InRange(Number(c.Id), 2001, 2099));
        Assert.All(MipSecCodes.All.Where(c => IsMine(c.Id)), c => Assert.Matches("^MIPSEC[0-9]{4}$", c.Id));
    }

    private static bool IsMine(string id) => Number(id) is (>= 2001 and <= 2099) or (>= 3050 and <= 3099);

    private static int Number(string id) => int.Parse(id.AsSpan("MIPSEC".Length), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertModelCovered(Type model, string kind)
    {
        var known = SiteConfigurationReader.KnownProperties[kind];
        var fromFile = model.GetProperties()
            .Where(p => p.PropertyType == typeof(Uri) || p.Name == nameof(ServerConfiguration.Name) || p.Name == nameof(ServerConfiguration.Certificate))
            .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name.Substring(1));
        Assert.All(fromFile, name => Assert.Contains(name, known));
    }

    private static void WriteFile(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
