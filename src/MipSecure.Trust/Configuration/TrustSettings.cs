using System;
using System.Collections.Generic;
using System.Security.Cryptography.X509Certificates;
using MipSecure.Trust.Certificates;
using MipSecure.Trust.Validation;

namespace MipSecure.Trust.Configuration;

/// <summary>
/// The <c>trust</c> section: the CA certificates the parties of the site have installed and the expiry warning window.
/// Each party trusts <see cref="CaCertificates"/> unless its own list overrides it.
/// </summary>
public sealed class TrustSettings
{
    /// <summary>Gets the CA certificates every party trusts unless its own list is given.</summary>
    /// <value>The default value is empty.</value>
    public IReadOnlyList<CertificateReference> CaCertificates { get; init; } = Array.Empty<CertificateReference>();

    /// <summary>Gets how many days before a certificate expires a warning is raised. Zero turns the warning off.</summary>
    /// <value>The default value is 30.</value>
    public int ExpiryWarningDays { get; init; } = ExpiryWarningWindow.DefaultDays;

    /// <summary>Gets the CA certificates the clients (Smart Client, MIP integrations) trust, when they differ from <see cref="CaCertificates"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the clients trust <see cref="CaCertificates"/>.</value>
    public IReadOnlyList<CertificateReference>? ClientCaCertificates { get; init; }

    /// <summary>Gets the CA certificates the recording servers trust, when they differ from <see cref="CaCertificates"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the recording servers trust <see cref="CaCertificates"/>.</value>
    public IReadOnlyList<CertificateReference>? RecordingServerCaCertificates { get; init; }

    /// <summary>Gets the CA certificates the management server trusts, when they differ from <see cref="CaCertificates"/>.</summary>
    /// <value>The default value is <see langword="null"/>: the management server trusts <see cref="CaCertificates"/>.</value>
    public IReadOnlyList<CertificateReference>? ManagementServerCaCertificates { get; init; }

    /// <summary>
    /// Gets the revocation list (CRL) files every party checks the chains against, offline (<c>trust.crls</c>), each resolved against
    /// the folder of the configuration file.
    /// </summary>
    /// <value>The default value is empty: no revocation check.</value>
    public IReadOnlyList<RevocationListReference> RevocationLists { get; init; } = Array.Empty<RevocationListReference>();

    /// <summary>Gets where the section was written.</summary>
    /// <value>The default value is <see cref="SourceLocation.None"/>.</value>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Gets the CA certificates <paramref name="party"/> trusts: its own list, or the shared one.</summary>
    /// <param name="party">The verifying party.</param>
    /// <returns>The CA certificate references.</returns>
    public IReadOnlyList<CertificateReference> CaCertificatesFor(TrustingParty party) =>
        OverrideFor(party) ?? CaCertificates;

    /// <summary>
    /// Loads the CA certificates <paramref name="party"/> trusts (files, store references and certificates given in code),
    /// with <paramref name="extraFiles"/> added, as one <see cref="TrustAnchorSet"/>: what probe and watch dial a described
    /// site with. Each file is read as <see cref="TrustAnchorSet.FromFiles"/> reads one.
    /// </summary>
    /// <param name="party">The verifying party.</param>
    /// <param name="extraFiles">More CA files, for example a command line's <c>--ca</c>.</param>
    /// <returns>The anchors.</returns>
    /// <exception cref="CertificateLoadException">A CA cannot be read (MIPSEC3xxx), naming it as the file writes it.</exception>
    public TrustAnchorSet LoadTrustAnchors(TrustingParty party, IEnumerable<string>? extraFiles = null)
    {
        var anchors = new List<X509Certificate2>(TrustAnchorSet.FromFiles(extraFiles ?? Array.Empty<string>()).Certificates);
        foreach (var reference in CaCertificatesFor(party))
        {
            anchors.AddRange(reference.Kind == CertificateReferenceKind.InMemory ? reference.InMemoryCertificates : reference.Load(null).Certificates);
        }

        return new TrustAnchorSet(anchors);
    }

    /// <summary>Gets the configuration path of the list <paramref name="party"/> trusts, for messages (for example <c>trust.clients.caCertificates</c>).</summary>
    /// <param name="party">The verifying party.</param>
    /// <returns>The path of the effective list.</returns>
    public static string PathOf(TrustingParty party) => "trust." + PartyPropertyName(party) + ".caCertificates";

    /// <summary>Gets the configuration path of the list <paramref name="party"/> actually uses: its own, or <c>trust.caCertificates</c>.</summary>
    /// <param name="party">The verifying party.</param>
    /// <returns>The path.</returns>
    internal string EffectivePathOf(TrustingParty party) => OverrideFor(party) is null ? "trust.caCertificates" : PathOf(party);

    internal static string PartyPropertyName(TrustingParty party) => party switch
    {
        TrustingParty.Clients => "clients",
        TrustingParty.RecordingServers => "recordingServers",
        TrustingParty.ManagementServer => "managementServer",
        _ => throw new ArgumentOutOfRangeException(nameof(party)),
    };

    private IReadOnlyList<CertificateReference>? OverrideFor(TrustingParty party) => party switch
    {
        TrustingParty.Clients => ClientCaCertificates,
        TrustingParty.RecordingServers => RecordingServerCaCertificates,
        TrustingParty.ManagementServer => ManagementServerCaCertificates,
        _ => throw new ArgumentOutOfRangeException(nameof(party)),
    };
}
