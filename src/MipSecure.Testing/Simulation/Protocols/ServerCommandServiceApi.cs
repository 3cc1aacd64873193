using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The management server's ServerCommandService as SOAP 1.1: <c>Login</c> and <c>Logout</c> at
/// <c>/ManagementServer/ServerCommandServiceOAuth.svc</c> (identity provider bearer, 2021 R1 and later) and at
/// <c>/ManagementServer/ServerCommandService.svc</c> (HTTP Basic, https only). Paths are matched without case, as IIS does:
/// Milestone's OauthLoginFlow sample writes <c>/managementServer/ServerCommandServiceOauth.svc</c>. Answers follow the WCF data
/// contract <c>LoginInfo</c> (<c>RegistrationTime</c>, <c>TimeToLive/MicroSeconds</c>, <c>TimeToLiveLimited</c>, <c>Token</c>, in that
/// order) from the SDK's generated <c>ServerCommandWrapper/ServerCommandService.cs</c>. Other operations are not simulated.
/// </summary>
internal sealed class ServerCommandServiceApi
{
    public const string OAuthPath = "/ManagementServer/ServerCommandServiceOAuth.svc";
    public const string BasicPath = "/ManagementServer/ServerCommandService.svc";
    public const string ContractNamespace = "http://videoos.net/2/XProtectCSServerCommand";
    private const string SoapNamespace = "http://schemas.xmlsoap.org/soap/envelope/";

    private readonly SiteRuntime _runtime;

    public ServerCommandServiceApi(SiteRuntime runtime)
    {
        _runtime = runtime;
    }

    public static bool Handles(string path) =>
        string.Equals(path, OAuthPath, StringComparison.OrdinalIgnoreCase) || string.Equals(path, BasicPath, StringComparison.OrdinalIgnoreCase);

    public async Task HandleAsync(HttpContext context, SimulatedConnection connection)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var oauth = string.Equals(path, OAuthPath, StringComparison.OrdinalIgnoreCase);
        if (context.Request.Headers["SOAPAction"].ToString().Trim('"').EndsWith("/IServerCommandService/Login", StringComparison.Ordinal))
        {
            _runtime.CountLoginRequest();
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            await HttpResults.TextAsync(context, StatusCodes.Status405MethodNotAllowed, "text/plain; charset=utf-8", "ServerCommandService takes SOAP POST requests.").ConfigureAwait(false);
            return;
        }

        string user;
        if (oauth)
        {
            if (_runtime.Tokens.CheckAccessToken(HttpResults.BearerToken(context)) != TokenStatus.Valid)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await HttpResults.TextAsync(context, StatusCodes.Status401Unauthorized, "text/plain; charset=utf-8", "The bearer token is missing, expired or not from this site's identity provider.").ConfigureAwait(false);
                return;
            }

            user = _runtime.Credentials.UserName;
        }
        else
        {
            if (!connection.IsTls)
            {
                // IIS answers 403.4 "SSL required" where a site demands TLS; Basic credentials are only taken over https.
                await HttpResults.TextAsync(context, StatusCodes.Status403Forbidden, "text/plain; charset=utf-8", "SSL required.").ConfigureAwait(false);
                return;
            }

            if (!BasicUserMatches(context))
            {
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"ServerCommandService\"";
                await HttpResults.TextAsync(context, StatusCodes.Status401Unauthorized, "text/plain; charset=utf-8", "Unauthorized.").ConfigureAwait(false);
                return;
            }

            user = _runtime.Credentials.UserName;
        }

        var action = context.Request.Headers["SOAPAction"].ToString().Trim('"');
        var document = SafeXml.TryParse(await HttpResults.ReadBodyAsync(context).ConfigureAwait(false));
        var operation = document?.Root?.Element(XName.Get("Body", SoapNamespace))?.Elements().FirstOrDefault();
        if (operation is null || operation.Name.NamespaceName != ContractNamespace)
        {
            await FaultAsync(context, "s:Client", "The request is not a SOAP 1.1 envelope with a ServerCommandService operation.").ConfigureAwait(false);
            return;
        }

        var name = operation.Name.LocalName;
        if (!string.Equals(action, ContractNamespace + "/IServerCommandService/" + name, StringComparison.Ordinal))
        {
            await FaultAsync(context, "s:Client", "The SOAPAction header does not name the operation in the body.").ConfigureAwait(false);
            return;
        }

        var instanceText = operation.Element(XName.Get("instanceId", ContractNamespace))?.Value;
        var currentToken = operation.Element(XName.Get("currentToken", ContractNamespace))?.Value ?? string.Empty;
        if (!Guid.TryParse(instanceText, out var instanceId))
        {
            await FaultAsync(context, "s:Client", "instanceId is not a GUID.").ConfigureAwait(false);
            return;
        }

        switch (name)
        {
            case "Login":
                await LoginAsync(context, connection.Server, instanceId, currentToken, oauth ? OAuthPath : BasicPath, user).ConfigureAwait(false);
                break;
            case "Logout":
                _runtime.Tokens.Revoke(currentToken);
                await HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/xml; charset=utf-8", Envelope(new XElement(XName.Get("LogoutResponse", ContractNamespace)))).ConfigureAwait(false);
                break;
            default:
                await FaultAsync(context, "s:Client", $"The operation {name} is not simulated.").ConfigureAwait(false);
                break;
        }
    }

    private async Task LoginAsync(HttpContext context, SimulatedServer server, Guid instanceId, string currentToken, string servicePath, string user)
    {
        if (_runtime.Credentials.Role == SimulatedUserRole.NoRole)
        {
            await RoleMissingAsync(context, user).ConfigureAwait(false);
            return;
        }

        var fault = server.Fault;
        var lifetime = _runtime.Tokens.VmsTokenLifetime;
        var token = _runtime.Tokens.IssueVmsToken(server.HostName, fault.Kind == ServerFaultKind.ExpireTokensEarly ? fault.TokenLifetime : null);
        var now = _runtime.TimeProvider.GetUtcNow();
        _runtime.RecordLogin(new SimulatedLogin(instanceId, currentToken, token, servicePath, now));
        XNamespace c = ContractNamespace;
        XNamespace i = "http://www.w3.org/2001/XMLSchema-instance";
        var result = new XElement(
            c + "LoginResult",
            new XAttribute(XNamespace.Xmlns + "i", i.NamespaceName),
            new XElement(c + "RegistrationTime", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)),
            new XElement(c + "TimeToLive", new XElement(c + "MicroSeconds", (lifetime.Ticks / 10).ToString(CultureInfo.InvariantCulture))),
            new XElement(c + "TimeToLiveLimited", "false"),
            new XElement(c + "Token", token));
        await HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/xml; charset=utf-8", Envelope(new XElement(c + "LoginResponse", result))).ConfigureAwait(false);
    }

    // How a real management server refuses Login to a user in no role is not published: the samples only catch "Unable to login"
    // (LoginDotNetSoap/Program.cs), and the generated contract declares no fault for Login (ServerCommandWrapper/ServerCommandService.cs).
    // The simulator answers HTTP 403 with a SOAP 1.1 fault that names the missing role: a client that reads the status gets the
    // role problem, and one that reads only the fault text still sees no token and nothing to retry.
    private static Task RoleMissingAsync(HttpContext context, string user) =>
        HttpResults.TextAsync(
            context,
            StatusCodes.Status403Forbidden,
            "text/xml; charset=utf-8",
            Envelope(new XElement(
                XName.Get("Fault", SoapNamespace),
                new XElement("faultcode", "s:Client"),
                new XElement("faultstring", $"The user '{user}' is not a member of any role, so it may not log in."))));

    private bool BasicUserMatches(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        var credentials = _runtime.Credentials;
        return colon > 0
            && string.Equals(pair[..colon], credentials.UserName, StringComparison.OrdinalIgnoreCase)
            && string.Equals(pair[(colon + 1)..], credentials.Password, StringComparison.Ordinal);
    }

    private static Task FaultAsync(HttpContext context, string code, string text) =>
        HttpResults.TextAsync(
            context,
            StatusCodes.Status500InternalServerError,
            "text/xml; charset=utf-8",
            Envelope(new XElement(XName.Get("Fault", SoapNamespace), new XElement("faultcode", code), new XElement("faultstring", text))));

    private static string Envelope(XElement content)
    {
        var envelope = new XElement(
            XName.Get("Envelope", SoapNamespace),
            new XAttribute(XNamespace.Xmlns + "s", SoapNamespace),
            new XElement(XName.Get("Body", SoapNamespace), content));
        return envelope.ToString(SaveOptions.DisableFormatting);
    }
}
