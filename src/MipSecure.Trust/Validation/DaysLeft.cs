using System;

namespace MipSecure.Trust.Validation;

/// <summary>The one way the library counts the days until a certificate expires: whole days, rounded down.</summary>
internal static class DaysLeft
{
    /// <summary>Whole days from <paramref name="now"/> to <paramref name="notAfter"/>, rounded down; negative once expired.</summary>
    public static int Count(DateTimeOffset notAfter, DateTimeOffset now) => (int)Math.Floor((notAfter - now).TotalDays);
}
