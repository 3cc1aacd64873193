using System;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Validation;

/// <summary>How <see cref="CertificateValidator"/> judges a chain.</summary>
public sealed class CertificateValidationOptions
{
    /// <summary>The OID of the serverAuth extended key usage (1.3.6.1.5.5.7.3.1).</summary>
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Gets or sets how many days before a certificate's notAfter a warning (MIPSEC1006) is raised.</summary>
    /// <value>The default value is 30. Zero turns the warning off.</value>
    public int ExpiryWarningDays { get; set; } = 30;

    /// <summary>Gets or sets the clock. Validation always happens in UTC.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Gets or sets whether revocation is checked. Checking may fetch CRLs over the network, so it is opt-in.</summary>
    /// <value>The default value is <see cref="X509RevocationMode.NoCheck"/>.</value>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>Gets or sets the longest chain accepted, counting the intermediates between the leaf and the anchor.</summary>
    /// <value>The default value is 8.</value>
    public int MaxIntermediates { get; set; } = 8;

    /// <summary>Gets or sets the smallest RSA key accepted, in bits.</summary>
    /// <value>The default value is 2048, as XProtect requires.</value>
    public int MinimumRsaKeySize { get; set; } = 2048;
}
