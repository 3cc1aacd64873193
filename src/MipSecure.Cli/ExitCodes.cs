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
}
