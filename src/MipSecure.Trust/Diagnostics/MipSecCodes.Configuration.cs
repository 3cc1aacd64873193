namespace MipSecure.Trust.Diagnostics;

public static partial class MipSecCodes
{
    /// <summary>MIPSEC3050: the site configuration file (mipsecure.json) does not exist.</summary>
    public static readonly MipSecCode ConfigurationFileNotFound = new("MIPSEC3050", "Site configuration file not found", FindingSeverity.Error);

    /// <summary>MIPSEC3051: the site configuration file is larger than any site description needs; it is not read.</summary>
    public static readonly MipSecCode ConfigurationFileTooLarge = new("MIPSEC3051", "Site configuration file too large", FindingSeverity.Error);

    /// <summary>MIPSEC3052: the site configuration is not valid JSON (or not UTF-8); the finding carries the line and column.</summary>
    public static readonly MipSecCode ConfigurationMalformed = new("MIPSEC3052", "Site configuration is not valid JSON", FindingSeverity.Error);

    /// <summary>MIPSEC3053: the site configuration file is empty or holds only comments.</summary>
    public static readonly MipSecCode ConfigurationEmpty = new("MIPSEC3053", "Site configuration file empty", FindingSeverity.Error);

    /// <summary>MIPSEC3054: the site configuration has a property MipSecure does not know (an error: a typo would leave servers unchecked).</summary>
    public static readonly MipSecCode ConfigurationUnknownProperty = new("MIPSEC3054", "Unknown property in site configuration", FindingSeverity.Error);

    /// <summary>MIPSEC3055: a property of the site configuration has the wrong JSON type.</summary>
    public static readonly MipSecCode ConfigurationWrongType = new("MIPSEC3055", "Wrong type in site configuration", FindingSeverity.Error);

    /// <summary>MIPSEC3056: a server address is not an absolute http or https URI, or its scheme contradicts the property.</summary>
    public static readonly MipSecCode ConfigurationInvalidUri = new("MIPSEC3056", "Invalid server address in site configuration", FindingSeverity.Error);

    /// <summary>MIPSEC3057: a value is outside the range the property allows.</summary>
    public static readonly MipSecCode ConfigurationValueOutOfRange = new("MIPSEC3057", "Value out of range in site configuration", FindingSeverity.Error);

    /// <summary>MIPSEC3058: a required property is missing.</summary>
    public static readonly MipSecCode ConfigurationMissingProperty = new("MIPSEC3058", "Required property missing in site configuration", FindingSeverity.Error);

    /// <summary>MIPSEC3059: the site configuration file exists but cannot be read.</summary>
    public static readonly MipSecCode ConfigurationFileUnreadable = new("MIPSEC3059", "Site configuration file unreadable", FindingSeverity.Error);

    /// <summary>MIPSEC3060: a certificate store reference (<c>cert:LocalMachine/My/THUMBPRINT</c>) is malformed.</summary>
    public static readonly MipSecCode ConfigurationStoreReferenceInvalid = new("MIPSEC3060", "Malformed certificate store reference", FindingSeverity.Error);

    /// <summary>MIPSEC3061: a property appears twice in one JSON object.</summary>
    public static readonly MipSecCode ConfigurationDuplicateProperty = new("MIPSEC3061", "Duplicate property in site configuration", FindingSeverity.Error);

    /// <summary>MIPSEC3062: the site configuration holds a password; secrets belong in environment variables, never in the file.</summary>
    public static readonly MipSecCode ConfigurationContainsSecret = new("MIPSEC3062", "Password written in site configuration", FindingSeverity.Error);
}
