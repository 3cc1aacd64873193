using System;
using System.Globalization;

namespace MipSecure.Cli.Output;

/// <summary>The one way the tool counts and words the days until a certificate expires, in every output.</summary>
internal static class DaysLeft
{
    /// <summary>Whole days from <paramref name="now"/> to <paramref name="notAfter"/>, rounded down; negative once expired.</summary>
    public static int Count(DateTimeOffset notAfter, DateTimeOffset now) => (int)Math.Floor((notAfter - now).TotalDays);

    public static string Describe(DateTimeOffset notAfter, DateTimeOffset now)
    {
        if (notAfter <= now)
        {
            return string.Create(CultureInfo.InvariantCulture, $"EXPIRED {(int)Math.Floor((now - notAfter).TotalDays)} day(s) ago");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{Count(notAfter, now)} day(s) left");
    }
}
