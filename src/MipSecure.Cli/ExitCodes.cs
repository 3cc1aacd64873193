using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Cli;

/// <summary>The exit codes of the command-line contract; CI scripts depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>No error finding (warnings allowed).</summary>
    public const int Success = 0;

    /// <summary>At least one error finding.</summary>
    public const int ErrorFinding = 1;

    /// <summary>The command line could not be understood.</summary>
    public const int Usage = 2;

    /// <summary>An input file could not be read.</summary>
    public const int UnreadableInput = 3;

    /// <summary>The exit code of a command's findings: 3 when an error says input could not be read, 1 for any other error, else 0.</summary>
    public static int Of(IEnumerable<TrustFinding> findings)
    {
        var errors = findings.Where(f => f.Severity == FindingSeverity.Error).ToList();
        return errors.Count == 0 ? Success : errors.Any(f => IsUnreadableInput(f.Code)) ? UnreadableInput : ErrorFinding;
    }

    /// <summary>The exit code of a coded error that stopped a command.</summary>
    public static int Of(MipSecureException exception) => IsUnreadableInput(exception.Code) ? UnreadableInput : ErrorFinding;

    private static bool IsUnreadableInput(MipSecCode code) => code.Category == MipSecCodeCategory.UnreadableInput;
}
