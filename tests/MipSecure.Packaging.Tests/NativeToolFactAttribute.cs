using System;
using Xunit;

namespace MipSecure.Packaging.Tests;

/// <summary>
/// A test of the tool's Native AOT package. Compiling it takes minutes (about 2.5 on two idle cores, over 8 on a loaded
/// machine), so it runs when MIPSECURE_NATIVE_TOOL_TESTS=1; otherwise it is reported as skipped, with how to run it.
/// </summary>
public sealed class NativeToolFactAttribute : FactAttribute
{
    public const string Variable = "MIPSECURE_NATIVE_TOOL_TESTS";

    public NativeToolFactAttribute()
    {
        if (!IsEnabled)
        {
            Skip = $"Native AOT packing takes minutes: run with {Variable}=1 (clang and zlib1g-dev installed).";
        }
    }

    public static bool IsEnabled => Environment.GetEnvironmentVariable(Variable) == "1";
}
