namespace MipSecure.Build.Analyzers;

/// <summary>
/// The codes the analyzer reports. They repeat the identifiers of MipSecure.Trust's MipSecCodes, because an analyzer
/// assembly loads inside the compiler and must not depend on the library; a test keeps the two in step.
/// </summary>
public static class DiagnosticIds
{
    /// <summary>A certificate validation callback accepts every certificate.</summary>
    public const string ValidationCallbackAcceptsAll = "MIPSEC5001";

    /// <summary>HttpClientHandler.DangerousAcceptAnyServerCertificateValidator turns validation off.</summary>
    public const string DangerousAcceptAnyServerCertificate = "MIPSEC5002";

    /// <summary>ServicePointManager.ServerCertificateValidationCallback accepts every certificate for the whole process.</summary>
    public const string ProcessWideValidationCallbackAcceptsAll = "MIPSEC5003";

    /// <summary>The base address of the per-code help pages.</summary>
    public const string HelpBaseAddress = "https://github.com/mipsecure/mipsecure/blob/main/docs/errors/";
}
