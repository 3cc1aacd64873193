namespace MipSecure.Discovery;

/// <summary>What <see cref="ManagementServerDiscovery"/> asks the management server for.</summary>
public sealed class DiscoveryOptions
{
    /// <summary>Gets or sets which addresses of recording servers and failover recorders are dialled.</summary>
    /// <value>The default value is <see cref="AddressSelection.Local"/>: <c>webServerUri</c>.</value>
    public AddressSelection Addresses { get; set; } = AddressSelection.Local;

    /// <summary>
    /// Gets or sets whether disabled servers are listed too (<c>?disabled</c> on the recorder collections,
    /// <c>?includeDisabled</c> on registered services). The REST API lists enabled servers only by default.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool IncludeDisabled { get; set; }
}
