namespace MipSecure.Trust.Validation;

/// <summary>
/// The work one validation may do, shared by the path builder, the name-constraint checks and the policy processing, so that
/// a chain built to be expensive (CVE-2018-16875: many same-named CAs, huge name-constraint lists) is abandoned early
/// whatever part of the validator it targets. When any limit is reached the validation ends as MIPSEC1024.
/// </summary>
internal sealed class ValidationBudget
{
    /// <summary>
    /// Signature verifications (distinct certificate and issuer pairs; a cached result costs nothing). Go's crypto/x509
    /// maxChainSignatureChecks, introduced for CVE-2018-16875 and adopted by rustls/webpki's Budget: 100.
    /// </summary>
    public const int SignatureChecks = 100;

    /// <summary>
    /// Comparisons of a name with a name constraint, or of a policy with a row of the policy tree, over the whole validation.
    /// Go's crypto/x509 VerifyOptions.MaxConstraintComparisions default, also rustls/webpki's Budget: 250,000.
    /// </summary>
    public const long NameComparisons = 250_000;

    private int _signaturesLeft = SignatureChecks;
    private int _stepsLeft;
    private long _comparisonsLeft = NameComparisons;

    /// <param name="pathBuildingSteps">
    /// Candidate issuers the path builder may try (<see cref="CertificateValidationOptions.MaxPathBuildingAttempts"/>).
    /// mozilla::pkix and rustls/webpki allow 200,000 recursive calls; each MipSecure step may evaluate a complete path, so its
    /// default is a tighter 1,024, far above a real chain (a few CAs) and above every x509-limbo case.
    /// </param>
    public ValidationBudget(int pathBuildingSteps) => _stepsLeft = pathBuildingSteps;

    /// <summary>Gets which limit was reached, for the message, or <see langword="null"/>.</summary>
    public string? ExhaustedLimit { get; private set; }

    public bool IsExhausted => ExhaustedLimit is not null;

    public bool TrySpendSignatureCheck() => Spend(ref _signaturesLeft, $"{SignatureChecks} signature verifications");

    public bool TrySpendPathBuildingStep(int limit) => Spend(ref _stepsLeft, $"{limit} candidate issuers");

    public bool ChargeNameComparisons(long count)
    {
        _comparisonsLeft -= count;
        if (_comparisonsLeft < 0)
        {
            ExhaustedLimit ??= NameComparisons.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " name and policy comparisons";
            return false;
        }

        return true;
    }

    private bool Spend(ref int left, string limit)
    {
        if (--left < 0)
        {
            ExhaustedLimit ??= limit;
            return false;
        }

        return true;
    }
}
