using System.Globalization;

namespace MipSecure.Trust.Validation;

/// <summary>
/// How many days before a certificate expires a warning (MIPSEC1006) is raised: the default and the range every input
/// accepts (the options, <c>trust.expiryWarningDays</c>, <c>MipSecureExpiryWarningDays</c> and <c>--expiry-warning-days</c>).
/// Defined here once; the docs state the same numbers, which a test checks.
/// </summary>
public static class ExpiryWarningWindow
{
    /// <summary>The window when nothing sets one: 30 days.</summary>
    public const int DefaultDays = 30;

    /// <summary>The smallest window: 0, which turns the warning off.</summary>
    public const int MinDays = 0;

    /// <summary>The largest window: 3650 days (ten years).</summary>
    public const int MaxDays = 3650;

    /// <summary>Gets the range as messages state it: <c>0 to 3650</c>.</summary>
    public static string RangeText { get; } =
        MinDays.ToString(CultureInfo.InvariantCulture) + " to " + MaxDays.ToString(CultureInfo.InvariantCulture);

    /// <summary>Gets whether <paramref name="days"/> is a window every input accepts.</summary>
    /// <param name="days">The window in days.</param>
    /// <returns><see langword="true"/> from <see cref="MinDays"/> to <see cref="MaxDays"/>.</returns>
    public static bool IsValid(int days) => days is >= MinDays and <= MaxDays;
}
