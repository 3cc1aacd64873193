using System;
using System.Collections.Generic;

namespace MipSecure.Build;

/// <summary>The XProtect server roles a MipSecureCertificate item may name, with the words used in messages.</summary>
internal static class ServerRole
{
    private static readonly Dictionary<string, string> Descriptions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ManagementServer"] = "management server",
        ["RecordingServer"] = "recording server",
        ["FailoverRecorder"] = "failover recording server",
        ["MobileServer"] = "mobile server",
        ["EventServer"] = "event server",
    };

    /// <summary>Gets the role names, for messages that list them.</summary>
    public static string KnownNames => string.Join(", ", Descriptions.Keys);

    /// <summary>Describes <paramref name="role"/> in words; an empty role is a plain "server".</summary>
    public static bool TryDescribe(string role, out string description)
    {
        if (string.IsNullOrWhiteSpace(role))
        {
            description = "server";
            return true;
        }

        return Descriptions.TryGetValue(role.Trim(), out description!);
    }
}
