using System;
using System.Reflection;
using System.Runtime.Versioning;
using MipSecure.Connections;
using Xunit;

namespace MipSecure.Tests.Connections;

public sealed class BuildUnderTestTests
{
    [Fact]
    public void The_tests_run_against_the_intended_build_of_MipSecure_and_MipSecure_Trust()
    {
        var client = typeof(SecureConnector).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
        var trust = typeof(Trust.Validation.CertificateValidator).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName;
#if MIPSECURE_NETSTANDARD
        const string Expected = ".NETStandard,Version=v2.0";
#else
        const string Expected = ".NETCoreApp,Version=v8.0";
#endif
        Assert.Equal(Expected, client);
        Assert.Equal(Expected, trust);
    }
}
