namespace MipSecure.Trust.Site;

/// <summary>The overall outcome of a site check.</summary>
public enum SiteVerdict
{
    /// <summary>No error and no warning.</summary>
    Passed = 0,

    /// <summary>No error, at least one warning: the site works, something needs attention.</summary>
    PassedWithWarnings = 1,

    /// <summary>At least one error: some party will refuse a connection, or the configuration could not be read.</summary>
    Failed = 2,
}
