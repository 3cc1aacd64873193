using System;
using System.Collections.Generic;

namespace MipSecure.Trust;

/// <summary>
/// How every output names a <see cref="ServerRole"/>: the words of messages and reports ("failover recorder") and the
/// one-word label of command-line options and metrics ("failover"). The only place either is spelled.
/// </summary>
public static class ServerRoles
{
    /// <summary>Gets the role in lower-case words, for example <c>failover recorder</c>; <c>server</c> for an undefined value.</summary>
    /// <param name="role">The role.</param>
    /// <returns>The words.</returns>
    public static string DisplayName(this ServerRole role) => role switch
    {
        ServerRole.ManagementServer => "management server",
        ServerRole.RecordingServer => "recording server",
        ServerRole.FailoverRecorder => "failover recorder",
        ServerRole.MobileServer => "mobile server",
        ServerRole.EventServer => "event server",
        _ => "server",
    };

    /// <summary>Gets how messages name one server, for example <c>recording server 'Recorder 1'</c>.</summary>
    /// <param name="role">The role.</param>
    /// <param name="name">The server's name; without one, the role's words alone.</param>
    /// <returns>The description.</returns>
    public static string Describe(this ServerRole role, string? name) =>
        string.IsNullOrWhiteSpace(name) ? role.DisplayName() : role.DisplayName() + " '" + name + "'";

    /// <summary>
    /// Gets the role's one-word label, for example <c>failover</c>: the value of a <c>--role</c> option and of a metric's
    /// <c>role</c> label. <c>server</c> for an undefined value.
    /// </summary>
    /// <param name="role">The role.</param>
    /// <returns>The label.</returns>
    public static string Label(this ServerRole role) => role switch
    {
        ServerRole.ManagementServer => "management",
        ServerRole.RecordingServer => "recording",
        ServerRole.FailoverRecorder => "failover",
        ServerRole.MobileServer => "mobile",
        ServerRole.EventServer => "event",
        _ => "server",
    };

    /// <summary>
    /// Reads a role from its label (<c>recording</c>) or its name (<c>RecordingServer</c>), ignoring case. A number is not a
    /// role: <c>1</c> is a typo.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="role">The role read.</param>
    /// <returns>Whether <paramref name="text"/> names a role.</returns>
    public static bool TryParse(string? text, out ServerRole role)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        foreach (var candidate in All)
        {
            if (string.Equals(trimmed, candidate.Label(), StringComparison.OrdinalIgnoreCase) ||
                string.Equals(trimmed, candidate.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                role = candidate;
                return true;
            }
        }

        role = default;
        return false;
    }

    /// <summary>Gets every role, in the order of reports.</summary>
    public static IReadOnlyList<ServerRole> All { get; } = new[]
    {
        ServerRole.ManagementServer, ServerRole.RecordingServer, ServerRole.FailoverRecorder, ServerRole.MobileServer, ServerRole.EventServer,
    };
}
