using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Options;
using MipSecure.Pki;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.Tests.Options;

public sealed class MipSecureOptionsTests
{
    private const string AppSettings = """
        {
          "MipSecure": {
            "CaCertificateFiles": [ "CA_FILE" ],
            "ExpiryWarningDays": 45,
            "AttemptTimeout": "00:00:20",
            "TotalTimeout": "00:02:00",
            "Retry": { "MaxRetryAttempts": 5, "BaseDelay": "00:00:02", "MaxDelay": "00:00:40" },
            "CircuitBreaker": { "Enabled": false, "BreakDuration": "00:01:00" },
            "Probe": { "Timeout": "00:00:03", "MaxConcurrency": 4 },
            "AddressOverrides": { "rec1.contoso.local": "10.0.0.5", "rec2.contoso.local": "127.0.0.1:50123" }
          }
        }
        """;

    [Fact]
    public void Binds_every_option_from_appsettings()
    {
        using var folder = new TempDirectory();
        using var provider = Build(folder, AppSettings);

        var options = provider.GetRequiredService<IOptions<MipSecureOptions>>().Value;

        Assert.Equal(folder.File("ca.pem"), Assert.Single(options.CaCertificateFiles));
        Assert.Equal(45, options.ExpiryWarningDays);
        Assert.Equal(TimeSpan.FromSeconds(20), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromMinutes(2), options.TotalTimeout);
        Assert.Equal(5, options.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Retry.BaseDelay);
        Assert.False(options.CircuitBreaker.Enabled);
        Assert.Equal(4, options.Probe.MaxConcurrency);
        Assert.Equal("127.0.0.1:50123", options.AddressOverrides["rec2.contoso.local"]);
        var overrides = provider.GetRequiredService<AddressOverrides>();
        Assert.True(overrides.TryResolve("rec2.contoso.local", 7563, out var endPoint));
        Assert.Equal(50123, endPoint.Port);
        Assert.Single(provider.GetRequiredService<Trust.Validation.CertificateValidator>().Anchors.Certificates);
    }

    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var options = new MipSecureOptions();

        Assert.Equal(30, options.ExpiryWarningDays);
        Assert.Equal(TimeSpan.FromSeconds(15), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.TotalTimeout);
        Assert.Equal(3, options.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Retry.MaxDelay);
        Assert.True(options.CircuitBreaker.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Probe.Timeout);
        Assert.Equal(8, options.Probe.MaxConcurrency);
        Assert.False(options.TrustRootStore);
        Assert.Equal(System.Security.Authentication.SslProtocols.None, options.TlsVersions);
    }

    public static TheoryData<string, string, string> InvalidSettings => new()
    {
        { "\"ExpiryWarningDays\": -1", "ExpiryWarningDays", "data annotation" },
        { "\"Retry\": { \"MaxRetryAttempts\": 99 }", "MaxRetryAttempts", "nested data annotation" },
        { "\"Probe\": { \"MaxConcurrency\": 0 }", "MaxConcurrency", "nested data annotation" },
        { "\"AttemptTimeout\": \"00:05:00\", \"TotalTimeout\": \"00:01:00\"", "MipSecure:AttemptTimeout", "cross-field" },
        { "\"Retry\": { \"BaseDelay\": \"00:01:00\", \"MaxDelay\": \"00:00:10\" }", "MipSecure:Retry:MaxDelay", "cross-field" },
        { "\"AddressOverrides\": { \"rec1.contoso.local\": \"not-an-address\" }", "The address override 'rec1.contoso.local'", "cross-field" },
        { "\"TlsVersions\": \"Tls11, Tls12\"", "MipSecure:TlsVersions", "cross-field" },
    };

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_options_stop_the_application_at_start(string setting, string expectedInMessage, string kind)
    {
        using var folder = new TempDirectory();
        using var provider = Build(folder, "{ \"MipSecure\": { \"CaCertificateFiles\": [ \"CA_FILE\" ], " + setting + " } }");

        var error = Assert.Throws<MipSecureConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Equal("MIPSEC4013", error.Code.Id);
        Assert.True(error.Failures.Any(f => f.Contains(expectedInMessage, StringComparison.Ordinal)), kind + ": " + string.Join(" | ", error.Failures));
        Assert.StartsWith("MIPSEC4013: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, CountOf("MIPSEC4013", error.Message));
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Invalid_options_throw_the_same_exception_without_a_host_when_a_service_is_resolved(string setting, string expectedInMessage, string kind)
    {
        using var folder = new TempDirectory();
        using var provider = Build(folder, "{ \"MipSecure\": { \"CaCertificateFiles\": [ \"CA_FILE\" ], " + setting + " } }");

        var error = Assert.Throws<MipSecureConfigurationException>(() => provider.GetRequiredService<MipSecure.Trust.Validation.CertificateValidator>());

        Assert.Equal("MIPSEC4013", error.Code.Id);
        Assert.True(error.Failures.Any(f => f.Contains(expectedInMessage, StringComparison.Ordinal)), kind);
    }

    [Fact]
    public void A_missing_ca_file_is_the_same_exception_with_its_own_code_at_start_and_on_first_use()
    {
        using var folder = new TempDirectory();
        using var provider = Build(folder, "{ \"MipSecure\": { \"CaCertificateFiles\": [ \"CA_FILE.missing\" ] } }");

        var atStart = Assert.Throws<MipSecureConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var onUse = Assert.Throws<MipSecureConfigurationException>(() => provider.GetRequiredService<MipSecure.Connections.SecureConnector>());

        Assert.Equal("MIPSEC3001", atStart.Code.Id);
        Assert.Equal("MIPSEC3001", onUse.Code.Id);
        Assert.Contains("CaCertificateFiles", atStart.Message, StringComparison.Ordinal);
        Assert.Equal(1, CountOf("MIPSEC3001", atStart.Message));
    }

    [Fact]
    public void No_ca_at_all_is_refused_at_start_with_its_code()
    {
        var services = new ServiceCollection().AddMipSecure(_ => { });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<MipSecureConfigurationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.StartsWith("MIPSEC4013: No CA is configured", error.Message, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string within) => (within.Length - within.Replace(text, string.Empty, StringComparison.Ordinal).Length) / text.Length;

    [Fact]
    public void There_is_no_option_that_turns_certificate_validation_off()
    {
        var names = typeof(MipSecureOptions).Assembly.GetTypes()
            .Where(t => t.Namespace == "MipSecure.Options")
            .SelectMany(t => t.GetProperties())
            .Select(p => p.Name.ToLowerInvariant())
            .ToList();

        Assert.DoesNotContain(names, n => n.Contains("validat", StringComparison.Ordinal) || n.Contains("insecure", StringComparison.Ordinal) || n.Contains("accept", StringComparison.Ordinal));
    }

    private static ServiceProvider Build(TempDirectory folder, string json)
    {
        using var root = CertificateAuthority.CreateRoot("Contoso Root CA");
        File.WriteAllText(folder.File("ca.pem"), CertificateAuthority.ExportPem(root.Certificate));
        var text = json.Replace("CA_FILE", folder.File("ca.pem").Replace("\\", "\\\\", StringComparison.Ordinal), StringComparison.Ordinal);
        var configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(text))).Build();
        return new ServiceCollection().AddMipSecure(configuration.GetSection(MipSecureOptions.SectionName)).BuildServiceProvider();
    }
}
