namespace MipSecure.Trust.Validation;

/// <summary>Something that judges a presented certificate chain: <see cref="CertificateValidator"/> or <see cref="CachingCertificateValidator"/>.</summary>
public interface ICertificateValidator
{
    /// <summary>Gets the options the validator judges by.</summary>
    CertificateValidationOptions Options { get; }

    /// <summary>Validates the chain described by <paramref name="request"/>.</summary>
    /// <param name="request">The chain, host and time.</param>
    /// <returns>The report; never throws for a bad certificate.</returns>
    TrustReport Validate(CertificateValidationRequest request);
}
