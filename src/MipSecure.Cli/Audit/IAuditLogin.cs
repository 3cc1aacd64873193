using System;
using System.Threading;
using System.Threading.Tasks;
using System.Net.Http;
using MipSecure.Discovery;
using MipSecure.Endpoints;
using MipSecure.Login;

namespace MipSecure.Cli.Audit;

/// <summary>The tokens an audit holds after logging in: one for the REST API, one that recording servers accept.</summary>
/// <param name="AccessToken">The identity provider's bearer token, for the API gateway and the management server.</param>
/// <param name="RecorderToken">The token sent in an ImageServer <c>connect</c>; never printed.</param>
/// <param name="RecorderTokenKind">What that token is, for messages (for example "VMS token").</param>
internal sealed record AuditSession(AccessToken AccessToken, VmsToken RecorderToken, string RecorderTokenKind)
{
    public override string ToString() => $"session with a {RecorderTokenKind}";
}

/// <summary>Logs in to a site through the whole chain the audit then proves on each recording server.</summary>
internal interface IAuditLogin
{
    /// <summary>Gets who logs in, for messages (never a secret).</summary>
    string Description { get; }

    /// <summary>Gets the credentials the HTTP handler negotiates with (a Windows user); <see langword="null"/> for none.</summary>
    System.Net.ICredentials? Credentials { get; }

    /// <summary>Logs in.</summary>
    Task<AuditSession> LogInAsync(ManagementServerDiscovery discovery, HttpClient http, XProtectEndpoint managementServer, CancellationToken cancellationToken);
}

/// <summary>
/// A basic user: the identity provider's password grant, then ServerCommandService <c>Login</c> with that bearer for the VMS
/// token that recording servers accept.
/// </summary>
internal sealed class BasicUserLogin : IAuditLogin
{
    private readonly string _userName;
    private readonly string _password;

    public BasicUserLogin(string userName, string password)
    {
        _userName = userName ?? throw new ArgumentNullException(nameof(userName));
        _password = password ?? throw new ArgumentNullException(nameof(password));
    }

    public string Description => $"basic user '{_userName}'";

    public System.Net.ICredentials? Credentials => null;

    public async Task<AuditSession> LogInAsync(ManagementServerDiscovery discovery, HttpClient http, XProtectEndpoint managementServer, CancellationToken cancellationToken)
    {
        var token = await discovery.RequestTokenAsync(managementServer, _userName, _password, cancellationToken).ConfigureAwait(false);
        var vmsToken = await new ServerCommandServiceClient(http).LoginAsync(managementServer, token, Guid.NewGuid(), null, cancellationToken).ConfigureAwait(false);
        return new AuditSession(token, vmsToken, "VMS token");
    }

    public override string ToString() => Description;
}

/// <summary>
/// A Windows user: <c>grant_type=windows_credentials</c> at the identity provider itself, negotiated by the platform handler with
/// the given credentials or the process's own identity, then ServerCommandService <c>Login</c> for the VMS token.
/// </summary>
internal sealed class WindowsUserLogin : IAuditLogin
{
    public WindowsUserLogin(System.Net.ICredentials credentials, string description)
    {
        Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        Description = description ?? throw new ArgumentNullException(nameof(description));
    }

    public string Description { get; }

    public System.Net.ICredentials? Credentials { get; }

    public async Task<AuditSession> LogInAsync(ManagementServerDiscovery discovery, HttpClient http, XProtectEndpoint managementServer, CancellationToken cancellationToken)
    {
        var token = await new IdentityProviderClient(http).RequestWindowsTokenAsync(managementServer, cancellationToken).ConfigureAwait(false);
        var vmsToken = await new ServerCommandServiceClient(http).LoginAsync(managementServer, token, Guid.NewGuid(), null, cancellationToken).ConfigureAwait(false);
        return new AuditSession(token, vmsToken, "VMS token");
    }

    public override string ToString() => Description;
}
