using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;

namespace MipSecure.Trust.Validation;

/// <summary>How <see cref="CertificateValidator"/> judges a chain.</summary>
public sealed class CertificateValidationOptions
{
    /// <summary>The OID of the serverAuth extended key usage (1.3.6.1.5.5.7.3.1).</summary>
    public const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>Gets or sets how many days before a certificate's notAfter a warning (MIPSEC1006) is raised.</summary>
    /// <value>The default value is 30. Zero turns the warning off.</value>
    public int ExpiryWarningDays { get; set; } = ExpiryWarningWindow.DefaultDays;

    /// <summary>Gets or sets the clock. Validation always happens in UTC.</summary>
    /// <value>The default value is <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Gets or sets whether the platform is asked, in addition, for the revocation status of a valid chain. The platform may fetch CRLs
    /// and OCSP responses over the network, so it is opt-in; <see cref="RevocationLists"/> are checked whatever this says, offline.
    /// </summary>
    /// <value>The default value is <see cref="X509RevocationMode.NoCheck"/>.</value>
    public X509RevocationMode RevocationMode { get; set; } = X509RevocationMode.NoCheck;

    /// <summary>
    /// Gets or sets revocation lists (CRLs) supplied by the user, for example those an Active Directory CA publishes, copied to this
    /// machine. Every certificate of a valid chain whose issuer signed one of them is checked against it: revoked is MIPSEC1018, an
    /// out-of-date list MIPSEC1026, a list that cannot be relied on MIPSEC1027. Nothing is fetched.
    /// </summary>
    /// <value>The default value is empty: no offline revocation check.</value>
    public IReadOnlyList<CertificateRevocationList> RevocationLists { get; set; } = Array.Empty<CertificateRevocationList>();

    /// <summary>Gets or sets the longest chain accepted, counting the intermediates between the leaf and the anchor; a self-issued (renewed) CA certificate does not count.</summary>
    /// <value>The default value is 8.</value>
    public int MaxIntermediates { get; set; } = 8;

    /// <summary>Gets or sets the smallest RSA key accepted, in bits.</summary>
    /// <value>The default value is 2048, as XProtect requires.</value>
    public int MinimumRsaKeySize { get; set; } = 2048;

    /// <summary>
    /// Gets or sets whether a certificate without any DNS or IP subject alternative name may match the host through its subject
    /// common name, as XProtect itself accepts. Such a match is reported as warning MIPSEC1003.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AllowCommonNameFallback { get; set; } = true;

    /// <summary>
    /// Gets or sets whether the server certificate's subject common name must repeat one of its subject alternative names exactly,
    /// as the CA/Browser Forum requires of public certificates (MIPSEC1023).
    /// </summary>
    /// <value>The default value is <see langword="false"/>: private XProtect certificates often carry a descriptive common name.</value>
    public bool RequireCommonNameAmongAlternativeNames { get; set; }

    /// <summary>Gets or sets how many issuer candidates the path builder may try before it gives up (MIPSEC1024).</summary>
    /// <value>The default value is 1024.</value>
    public int MaxPathBuildingAttempts { get; set; } = 1024;
}
