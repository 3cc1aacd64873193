namespace MipSecure.Testing.Tests.Support;

internal static class Timeouts
{
    /// <summary>A bound for any single test's network work; far above what a healthy run needs.</summary>
    public static CancellationTokenSource Test() => new(TimeSpan.FromSeconds(30));
}
