using System;
using System.Collections.Generic;

namespace MipSecure.Discovery;

/// <summary>The management server's <c>/api/.well-known/uris</c> answer.</summary>
internal sealed class WellKnownUris
{
    /// <summary>Creates the description.</summary>
    /// <param name="productVersion">The XProtect version.</param>
    /// <param name="unsecureManagementServer">The http address of the management server, if it has one.</param>
    /// <param name="secureManagementServer">The https address of the management server, if encryption is on.</param>
    /// <param name="identityProvider">The identity provider's address.</param>
    /// <param name="apiGateways">The API gateways.</param>
    public WellKnownUris(string? productVersion, Uri? unsecureManagementServer, Uri? secureManagementServer, Uri? identityProvider, IReadOnlyList<Uri> apiGateways)
    {
        ProductVersion = productVersion;
        UnsecureManagementServer = unsecureManagementServer;
        SecureManagementServer = secureManagementServer;
        IdentityProvider = identityProvider;
        ApiGateways = apiGateways ?? throw new ArgumentNullException(nameof(apiGateways));
    }

    /// <summary>Gets the XProtect version.</summary>
    public string? ProductVersion { get; }

    /// <summary>Gets the http address of the management server.</summary>
    public Uri? UnsecureManagementServer { get; }

    /// <summary>Gets the https address of the management server; present when its encryption is on.</summary>
    public Uri? SecureManagementServer { get; }

    /// <summary>Gets the identity provider's address.</summary>
    public Uri? IdentityProvider { get; }

    /// <summary>Gets the API gateways.</summary>
    public IReadOnlyList<Uri> ApiGateways { get; }
}
