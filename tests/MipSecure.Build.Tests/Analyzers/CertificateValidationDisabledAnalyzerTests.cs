using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using MipSecure.Build.Analyzers;
using MipSecure.TestUtilities;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Build.Tests.Analyzers;

/// <summary>Each way of switching certificate validation off is caught; code that validates is left alone.</summary>
public sealed class CertificateValidationDisabledAnalyzerTests
{
    private const string Usings = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Net.Security;
        using System.Security.Cryptography.X509Certificates;
        using System.IO;

        """;

    [Theory]
    [InlineData("handler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = (_, _, _, _) => (true);")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = delegate { return true; };")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => { Console.WriteLine(e); return true; };")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = AcceptAll;")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = AcceptAllExpression;")]
    public async Task HttpClientHandler_callback_that_always_returns_true_is_MIPSEC5001(string statement)
    {
        var diagnostics = await AnalyzeInMethodAsync("var handler = new HttpClientHandler();\n" + statement);

        Assert.Equal(new[] { "MIPSEC5001" }, diagnostics.Select(d => d.Id).ToArray());
        Assert.Equal(DiagnosticSeverity.Warning, diagnostics[0].Severity);
    }

    [Fact]
    public async Task DangerousAcceptAnyServerCertificateValidator_is_MIPSEC5002()
    {
        var diagnostics = await AnalyzeInMethodAsync(
            "var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };");

        Assert.Equal(new[] { "MIPSEC5002" }, diagnostics.Select(d => d.Id).ToArray());
    }

    [Theory]
    [InlineData("var ssl = new SslStream(Stream.Null, false, (sender, certificate, chain, errors) => true);")]
    [InlineData("var ssl = new SslStream(Stream.Null, false, new RemoteCertificateValidationCallback(AcceptAllRemote));")]
    [InlineData("var options = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (s, c, ch, e) => true };")]
    [InlineData("RemoteCertificateValidationCallback callback = AcceptAllRemote;")]
    [InlineData("var sockets = new SocketsHttpHandler(); sockets.SslOptions.RemoteCertificateValidationCallback = delegate { return true; };")]
    public async Task RemoteCertificateValidationCallback_that_always_returns_true_is_MIPSEC5001(string statement)
    {
        var diagnostics = await AnalyzeInMethodAsync(statement);

        Assert.Equal(new[] { "MIPSEC5001" }, diagnostics.Select(d => d.Id).ToArray());
    }

    [Theory]
    [InlineData("ServicePointManager.ServerCertificateValidationCallback = (sender, certificate, chain, errors) => true;")]
    [InlineData("ServicePointManager.ServerCertificateValidationCallback += (sender, certificate, chain, errors) => true;")]
    [InlineData("ServicePointManager.ServerCertificateValidationCallback = AcceptAllRemote;")]
    public async Task ServicePointManager_callback_that_always_returns_true_is_MIPSEC5003(string statement)
    {
        var diagnostics = await AnalyzeInMethodAsync("#pragma warning disable SYSLIB0014\n" + statement);

        Assert.Equal(new[] { "MIPSEC5003" }, diagnostics.Select(d => d.Id).ToArray());
    }

    [Theory]
    [InlineData("handler.ServerCertificateCustomValidationCallback = (m, c, ch, errors) => errors == SslPolicyErrors.None;")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = (m, c, ch, errors) => { if (errors == SslPolicyErrors.None) { return true; } return false; };")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = (m, c, ch, errors) => { Func<bool> inner = () => true; return inner() && errors == SslPolicyErrors.None; };")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = Validate;")]
    [InlineData("handler.ServerCertificateCustomValidationCallback = (m, c, ch, errors) => throw new InvalidOperationException();")]
    [InlineData("Func<int, bool> unrelated = _ => true;")]
    public async Task Callbacks_that_can_reject_are_not_reported(string statement)
    {
        var diagnostics = await AnalyzeInMethodAsync("var handler = new HttpClientHandler();\n" + statement);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Diagnostic_points_at_the_callback_and_explains_the_fix()
    {
        var diagnostics = await AnalyzeInMethodAsync(
            "var handler = new HttpClientHandler();\nhandler.ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true;");

        var diagnostic = Assert.Single(diagnostics);
        var text = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        Assert.Equal("(message, certificate, chain, errors) => true", text);
        Snapshot.Verify($"{diagnostic.Id} {diagnostic.Severity} {diagnostic.Descriptor.HelpLinkUri}\n{diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
    }

    [Fact]
    public void Analyzer_ids_titles_and_help_links_match_MipSecCodes()
    {
        var analyzer = new CertificateValidationDisabledAnalyzer();

        Assert.Equal(3, analyzer.SupportedDiagnostics.Length);
        foreach (var descriptor in analyzer.SupportedDiagnostics)
        {
            Assert.True(MipSecCodes.TryGet(descriptor.Id, out var code), descriptor.Id + " is not in MipSecCodes");
            Assert.Equal(code.Title, descriptor.Title.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(code.HelpLink, descriptor.HelpLinkUri);
            Assert.Equal(FindingSeverity.Warning, code.DefaultSeverity);
            Assert.Equal(DiagnosticSeverity.Warning, descriptor.DefaultSeverity);
        }

        Assert.Equal(DiagnosticIds.HelpBaseAddress, MipSecCode.HelpBaseAddress);
        Assert.Equal(DiagnosticIds.ValidationCallbackAcceptsAll, MipSecCodes.ValidationCallbackAcceptsAll.Id);
        Assert.Equal(DiagnosticIds.DangerousAcceptAnyServerCertificate, MipSecCodes.DangerousAcceptAnyServerCertificate.Id);
        Assert.Equal(DiagnosticIds.ProcessWideValidationCallbackAcceptsAll, MipSecCodes.ProcessWideValidationCallbackAcceptsAll.Id);
    }

    [Fact]
    public void Every_build_code_has_a_help_page_with_the_three_sections()
    {
        var buildCodes = MipSecCodes.All.Where(c => c.Category == MipSecCodeCategory.BuildConfiguration).ToList();

        Assert.NotEmpty(buildCodes);
        foreach (var code in buildCodes)
        {
            var page = Path.Combine(RepositoryPaths.Root, "docs", "errors", code.Id + ".md");
            Assert.True(File.Exists(page), "missing " + page);
            var text = File.ReadAllText(page);
            Assert.StartsWith($"# {code.Id}: {code.Title}", text, StringComparison.Ordinal);
            Assert.Contains("## What it means", text, StringComparison.Ordinal);
            Assert.Contains("## Why XProtect cares", text, StringComparison.Ordinal);
            Assert.Contains("## How to fix it", text, StringComparison.Ordinal);
        }
    }

    private static Task<System.Collections.Immutable.ImmutableArray<Diagnostic>> AnalyzeInMethodAsync(string statements) =>
        AnalyzerHarness.AnalyzeAsync(Usings + $$"""
            public static class Snippet
            {
                public static void Run()
                {
                    {{statements}}
                }

                private static bool AcceptAll(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors)
                {
                    return true;
                }

                private static bool AcceptAllExpression(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

                private static bool AcceptAllRemote(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;

                private static bool Validate(HttpRequestMessage message, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) =>
                    errors == SslPolicyErrors.None;
            }
            """);
}
