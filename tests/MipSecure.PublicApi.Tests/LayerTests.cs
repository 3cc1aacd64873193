using System;
using System.Collections.Generic;
using System.Linq;
using System.IO;
using System.Reflection;
using System.Xml.Linq;
using MipSecure.TestUtilities;
using Xunit;

namespace MipSecure.PublicApi.Tests;

/// <summary>
/// The layers of docs/architecture.md, checked on the compiled libraries: a namespace uses only namespaces of lower layers.
/// Each dependency that still runs the wrong way today is listed in <see cref="KnownUpwardDependencies"/>; a new one fails,
/// and a listed one that is gone fails too, so the list only shrinks.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Trust = typeof(Trust.Validation.CertificateValidator).Assembly;
    private static readonly Assembly Client = typeof(global::MipSecure.Connections.SecureConnector).Assembly;
    private static readonly Assembly Pki = typeof(global::MipSecure.Pki.CertificateAuthority).Assembly;

    /// <summary>The namespaces of the shipped libraries, lowest layer first (docs/architecture.md).</summary>
    private static readonly string[] Layers =
    {
        "MipSecure.Trust",
        "MipSecure.Trust.Diagnostics",
        "MipSecure.Trust.Certificates",
        "MipSecure.Trust.Validation",
        "MipSecure.Trust.Tls",
        "MipSecure.Trust.Configuration",
        "MipSecure.Trust.Site",
        "MipSecure.Endpoints",
        "MipSecure.Options",
        "MipSecure.Diagnostics",
        "MipSecure.Resilience",
        "MipSecure.Connections",
        "MipSecure.Discovery",
        "MipSecure.Login",
        "MipSecure.ImageServer",
        "MipSecure.Http",
        "MipSecure.HealthChecks",
        "Microsoft.Extensions.DependencyInjection",
    };

    /// <summary>
    /// Dependencies on a higher (or the same) layer that the code has today: the known gaps of docs/architecture.md.
    /// Each closes a namespace cycle; remove an entry when its dependency is removed.
    /// </summary>
    private static readonly (string From, string To)[] KnownUpwardDependencies = Array.Empty<(string From, string To)>();

    [Fact]
    public void Trust_uses_no_other_MipSecure_namespace_and_no_client_packages()
    {
        var outside = UsedNamespaces(Trust)
            .Where(name => IsMipSecure(name) && !IsIn(name, "MipSecure.Trust"))
            .Concat(UsedNamespaces(Trust).Where(name => IsIn(name, "Microsoft.Extensions") || IsIn(name, "Polly")))
            .ToList();
        Assert.Empty(outside);

        var references = AssemblyReferences(Trust);
        Assert.DoesNotContain(references, name => name.StartsWith("MipSecure", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) || name.StartsWith("Polly", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MipSecure.Trust")]
    [InlineData("MipSecure")]
    public void Libraries_use_neither_the_simulator_nor_the_tool(string assemblyName)
    {
        var assembly = assemblyName == "MipSecure" ? Client : Trust;
        var used = UsedNamespaces(assembly).Where(name => IsIn(name, "MipSecure.Testing") || IsIn(name, "MipSecure.Cli")).ToList();
        Assert.Empty(used);
        Assert.DoesNotContain(AssemblyReferences(assembly), name => name is "MipSecure.Testing" or "MipSecure.Cli" or "mipsecure");
    }

    [Fact]
    public void Pki_uses_the_base_class_library_only()
    {
        var otherMipSecure = UsedNamespaces(Pki).Where(name => IsMipSecure(name) && !IsIn(name, "MipSecure.Pki")).ToList();
        Assert.Empty(otherMipSecure);
        var beyondTheRuntime = AssemblyReferences(Pki).Where(name => !IsIn(name, "System")).ToList();
        Assert.Empty(beyondTheRuntime);
    }

    /// <summary>The project references each shipped project may have (docs/architecture.md, "One rule per layer").</summary>
    [Theory]
    [InlineData("MipSecure.Trust")]
    [InlineData("MipSecure.Pki")]
    [InlineData("MipSecure", "MipSecure.Trust")]
    [InlineData("MipSecure.Testing", "MipSecure.Trust", "MipSecure.Pki")]
    [InlineData("MipSecure.Build", "MipSecure.Trust", "MipSecure.Build.Analyzers")]
    [InlineData("MipSecure.Build.Analyzers")]
    public void Shipped_projects_reference_only_their_lower_layers(string project, params string[] allowed)
    {
        var file = Path.Combine(RepositoryPaths.Root, "src", project, project + ".csproj");
        var referenced = XDocument.Load(file).Descendants("ProjectReference")
            .Select(reference => Path.GetFileNameWithoutExtension(reference.Attribute("Include")!.Value))
            .ToList();
        Assert.Empty(referenced.Except(allowed, StringComparer.Ordinal));
    }

    [Fact]
    public void Pki_needs_no_framework_beyond_the_base_runtime()
    {
        var file = Path.Combine(RepositoryPaths.Root, "src", "MipSecure.Pki", "MipSecure.Pki.csproj");
        var project = XDocument.Load(file);
        Assert.Empty(project.Descendants("FrameworkReference"));
        Assert.Empty(project.Descendants("PackageReference"));
    }

    /// <summary>
    /// The framework-dependent tool runs without ASP.NET Core: only the types of demo and simulate may name the simulator or
    /// ASP.NET Core, so the JIT loads neither for another command (tests/MipSecure.Packaging.Tests runs them without it).
    /// </summary>
    [Fact]
    public void Only_the_demo_and_simulate_commands_reach_the_simulator()
    {
        var tool = Assembly.Load(new AssemblyName("MipSecure.Cli"));
        var reaching = NamespaceDependencies.OfTypes(tool)
            .Where(type => type.Value.Any(name => IsIn(name, "MipSecure.Testing") || IsIn(name, "Microsoft.AspNetCore")))
            .Select(type => type.Key)
            .OrderBy(name => name, StringComparer.Ordinal);
        Assert.Equal(
            new[] { "MipSecure.Cli.Commands.DemoCommand", "MipSecure.Cli.Commands.SimulateCommand", "MipSecure.Cli.Demo.ConfiguredSite", "MipSecure.Cli.Demo.DemoSite" },
            reaching);
    }

    [Fact]
    public void Every_namespace_of_the_libraries_has_a_layer()
    {
        var namespaces = NamespaceDependencies.Of(Trust).Keys.Concat(NamespaceDependencies.Of(Client).Keys).Where(IsLayered);
        Assert.Empty(namespaces.Except(Layers).OrderBy(name => name, StringComparer.Ordinal));
    }

    [Fact]
    public void Namespaces_use_only_lower_layers_apart_from_the_known_gaps()
    {
        var upward = UpwardDependencies().ToHashSet();
        var known = KnownUpwardDependencies.ToHashSet();
        var added = Lines(upward.Except(known));
        Assert.True(added.Length == 0, "A namespace uses a higher layer (see docs/architecture.md):" + Environment.NewLine + added);
        var gone = Lines(known.Except(upward));
        Assert.True(gone.Length == 0, "A known gap is closed; delete its entry here and in docs/architecture.md:" + Environment.NewLine + gone);
    }

    private static IEnumerable<(string From, string To)> UpwardDependencies()
    {
        foreach (var assembly in new[] { Trust, Client })
        {
            foreach (var (from, uses) in NamespaceDependencies.Of(assembly))
            {
                if (!IsLayered(from))
                {
                    continue;
                }

                foreach (var to in uses.Where(name => Array.IndexOf(Layers, name) >= Array.IndexOf(Layers, from)))
                {
                    yield return (from, to);
                }
            }
        }
    }

    private static string Lines(IEnumerable<(string From, string To)> dependencies) => string.Join(
        Environment.NewLine,
        dependencies.Select(dependency => $"{dependency.From} -> {dependency.To}").OrderBy(line => line, StringComparer.Ordinal));

    private static bool IsLayered(string name) => Array.IndexOf(Layers, name) >= 0 || IsMipSecure(name);

    private static bool IsMipSecure(string name) => IsIn(name, "MipSecure");

    private static bool IsIn(string name, string root) =>
        name == root || name.StartsWith(root + ".", StringComparison.Ordinal);

    private static HashSet<string> UsedNamespaces(Assembly assembly) =>
        NamespaceDependencies.Of(assembly).Values.SelectMany(uses => uses).ToHashSet(StringComparer.Ordinal);

    private static List<string> AssemblyReferences(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(name => name.Name ?? string.Empty).ToList();
}
