using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Security;
using MipSecure.Build.Tests.TestSupport;
using MipSecure.TestUtilities;

namespace MipSecure.Build.Tests.Targets;

/// <summary>
/// A minimal project that imports the source props and targets and runs the task from the MipSecure.Build output folder
/// through a task host, so no test locks or reuses a stale task assembly.
/// </summary>
internal sealed class TargetsProject : IDisposable
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(3);
    private readonly TempDirectory _folder = new("mipsecure-targets");

    public TargetsProject()
    {
        Certificates = new TestCertificates(Path.Combine(_folder.Path, "certs"));
    }

    public string Folder => _folder.Path;

    public string ProjectFile => Path.Combine(Folder, "Integration.proj");

    public TestCertificates Certificates { get; }

    public string StampFolder => Path.Combine(Folder, "obj", "mipsecure");

    public static string TaskAssembly
    {
        get
        {
            var configuration = typeof(TargetsProject).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "MipSecureBuildConfiguration").Value!;
            var path = Path.Combine(RepositoryPaths.Root, "src", "MipSecure.Build", "bin", configuration, "net8.0", "MipSecure.Build.dll");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException("Build src/MipSecure.Build first; the targets tests run its output.", path);
            }

            return path;
        }
    }

    /// <summary>Writes the project with <paramref name="items"/> (MSBuild XML) in an ItemGroup.</summary>
    public void Write(string items)
    {
        var build = Path.Combine(RepositoryPaths.Root, "src", "MipSecure.Build", "build");
        File.WriteAllText(ProjectFile, $"""
            <Project>
              <PropertyGroup>
                <IntermediateOutputPath>obj/</IntermediateOutputPath>
                <MipSecureTaskAssembly>{SecurityElement.Escape(TaskAssembly)}</MipSecureTaskAssembly>
                <MipSecureUseTaskHost>true</MipSecureUseTaskHost>
              </PropertyGroup>
              <Import Project="{SecurityElement.Escape(Path.Combine(build, "MipSecure.Build.props"))}" />
              <ItemGroup>
            {items}
              </ItemGroup>
              <Target Name="CoreCompile" />
              <Target Name="Build" DependsOnTargets="CoreCompile" />
              <Import Project="{SecurityElement.Escape(Path.Combine(build, "MipSecure.Build.targets"))}" />
            </Project>
            """);
    }

    /// <summary>Writes a project with one recording server certificate and the trusted root.</summary>
    public void WriteWithCertificate(string certificateFile, string hostName = "rec1.contoso.local") =>
        Write($"""
                <MipSecureCertificate Include="{SecurityElement.Escape(certificateFile)}" HostName="{hostName}" Role="RecordingServer" />
                <MipSecureTrustedCa Include="{SecurityElement.Escape(Certificates.RootFile)}" />
            """);

    public DotnetResult Build(params string[] properties)
    {
        var arguments = new List<string> { "msbuild", ProjectFile, "-t:Build", "-nologo", "-v:n", "-nr:false" };
        arguments.AddRange(properties.Select(p => "-p:" + p));
        return DotnetProcess.Run(Folder, BuildTimeout, environment: null, arguments.ToArray());
    }

    public string[] Stamps() => Directory.Exists(StampFolder)
        ? Directory.GetFiles(StampFolder, "check-*.stamp").Select(path => Path.GetFileName(path)!).ToArray()
        : Array.Empty<string>();

    public void Dispose()
    {
        Certificates.Dispose();
        _folder.Dispose();
    }
}
