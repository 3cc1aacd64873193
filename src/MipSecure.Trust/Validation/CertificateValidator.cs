using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Certificates;

namespace MipSecure.Trust.Validation;

/// <summary>
/// Validates a server's certificate chain against the CA certificates a party has installed and the host it dialled.
/// Thread-safe; create one per anchor set and reuse it.
/// </summary>
public sealed class CertificateValidator : ICertificateValidator
{
    private readonly TrustAnchorSet _anchors;
    private readonly CertificateValidationOptions _options;
    private readonly Lazy<IReadOnlyList<ParsedCertificate>> _parsedAnchors;

    /// <summary>Creates a validator.</summary>
    /// <param name="anchors">The trusted CA certificates.</param>
    /// <param name="options">How to judge; <see langword="null"/> for the defaults.</param>
    public CertificateValidator(TrustAnchorSet anchors, CertificateValidationOptions? options = null)
    {
        _anchors = anchors ?? throw new ArgumentNullException(nameof(anchors));
        _options = options ?? new CertificateValidationOptions();
        _parsedAnchors = new Lazy<IReadOnlyList<ParsedCertificate>>(() => _anchors.Certificates.Select(ParsedCertificate.Parse).ToList());
    }

    /// <summary>Gets the anchors this validator trusts.</summary>
    public TrustAnchorSet Anchors => _anchors;

    /// <summary>Gets the options this validator judges by.</summary>
    public CertificateValidationOptions Options => _options;

    /// <summary>Validates <paramref name="leaf"/> for <paramref name="hostName"/>.</summary>
    /// <param name="leaf">The server certificate.</param>
    /// <param name="intermediates">The intermediates the server sent, if any.</param>
    /// <param name="hostName">The DNS name or IP address that was dialled.</param>
    /// <returns>The report.</returns>
    public TrustReport Validate(X509Certificate2 leaf, IEnumerable<X509Certificate2>? intermediates, string hostName) =>
        Validate(new CertificateValidationRequest(leaf, hostName)
        {
            Intermediates = intermediates?.ToList() ?? (IReadOnlyList<X509Certificate2>)Array.Empty<X509Certificate2>(),
        });

    /// <summary>Validates the chain described by <paramref name="request"/>.</summary>
    /// <param name="request">The chain, host and time.</param>
    /// <returns>The report; never throws for a bad certificate.</returns>
    public TrustReport Validate(CertificateValidationRequest request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var at = (request.ValidationTime ?? _options.TimeProvider.GetUtcNow()).ToUniversalTime();
        return new ChainEvaluation(_parsedAnchors.Value, _options, request, at).Run();
    }
}
