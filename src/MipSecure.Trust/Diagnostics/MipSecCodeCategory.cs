namespace MipSecure.Trust.Diagnostics;

/// <summary>
/// The family of a <see cref="MipSecCode"/>. Each family owns one range of numbers (the thousands digit), so a code keeps
/// its family for good; callers ask for the family instead of comparing the text of a code.
/// </summary>
public enum MipSecCodeCategory
{
    /// <summary>MIPSEC1xxx: certificate findings (trust, host name, expiry, usage, keys).</summary>
    Certificate = 1,

    /// <summary>MIPSEC2xxx: site and encryption configuration.</summary>
    SiteConfiguration = 2,

    /// <summary>MIPSEC3xxx: unreadable input (files, JSON, PFX passwords). It causes the findings that follow from its absence.</summary>
    UnreadableInput = 3,

    /// <summary>MIPSEC4xxx: connections and probes.</summary>
    Connection = 4,

    /// <summary>MIPSEC5xxx: code and build configuration.</summary>
    BuildConfiguration = 5,
}
