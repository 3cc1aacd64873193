using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;
using MipSecure.Trust;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The management server's control plane: <c>GET /api/.well-known/uris</c>, the identity provider's password grant at
/// <c>POST /API/IDP/connect/token</c>, and the REST collections <c>recordingServers</c>, <c>failoverRecorders</c> and
/// <c>registeredServices</c> (only the URI-related fields of the RESTful Config API schema, which is what discovery reads).
/// Collections list enabled items unless asked (<c>?disabled</c>; <c>?includeDisabled</c> for registered services), an
/// operator-role user gets 403, and errors come in the shape a real server sends: <c>{"error":{"httpCode":…,"details":[{"errorText":…}]}}</c>.
/// When the API gateway runs on another host, the REST API and the gateway's token route answer there only.
/// </summary>
internal sealed class ManagementServerApi
{
    public const string ProductVersion = "25.2.0.1";
    public const string GrantValidatorClient = "GrantValidatorClient";

    // Registered-service types: MilestoneSystemsInc/PowerShellSamples issues 34 and 159 (mobile server),
    // milestonesys/MilestonePSTools docs/commands/en-US/Get-RegisteredService.md (event server).
    public const string MobileServerServiceType = "7510bbae-dba5-4c2e-b037-74a0222484c6";
    public const string EventServerServiceType = "08ab8f23-9aef-4298-9caa-f39259fe7cda";

    private readonly SiteRuntime _runtime;
    private readonly ServerCommandServiceApi _serverCommandService;

    public ManagementServerApi(SiteRuntime runtime)
    {
        _runtime = runtime;
        _serverCommandService = new ServerCommandServiceApi(runtime);
    }

    public Task HandleAsync(HttpContext context, SimulatedConnection connection)
    {
        var path = context.Request.Path.Value ?? "/";
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) && Is(path, "/api/.well-known/uris"))
        {
            return WellKnownUrisAsync(context, connection.Server);
        }

        // A gateway on another host serves /api/ (the REST API and /API/IDP/); the management server keeps /IDP/.
        var separateGateway = connection.Server.ApiGatewayEndpoint is not null;
        var servesGateway = !separateGateway || connection.Endpoint.IsApiGateway;
        var servesIdentityProvider = !connection.Endpoint.IsApiGateway;
        if (HttpMethods.IsPost(method) && ((servesGateway && Is(path, "/API/IDP/connect/token")) || (servesIdentityProvider && Is(path, "/IDP/connect/token"))))
        {
            return TokenAsync(context, connection.Server);
        }

        // ServerCommandService lives on the management server itself, not on the API Gateway.
        if (servesIdentityProvider && ServerCommandServiceApi.Handles(path))
        {
            return _serverCommandService.HandleAsync(context, connection);
        }

        if (servesGateway && HttpMethods.IsGet(method) && Is(path, "/api/rest/v1/recordingServers"))
        {
            return RecordersAsync(context, ServerRole.RecordingServer);
        }

        if (servesGateway && HttpMethods.IsGet(method) && Is(path, "/api/rest/v1/failoverRecorders"))
        {
            return RecordersAsync(context, ServerRole.FailoverRecorder);
        }

        if (servesGateway && _runtime.RegisteredServicesAvailable && HttpMethods.IsGet(method) && Is(path, "/api/rest/v1/registeredServices"))
        {
            return RegisteredServicesAsync(context);
        }

        if ((HttpMethods.IsGet(method) || HttpMethods.IsHead(method)) && path == "/")
        {
            return HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", "XProtect Management Server (simulated)");
        }

        return HttpResults.TextAsync(context, StatusCodes.Status404NotFound, "text/plain; charset=utf-8", "Not found on the simulated management server.");
    }

    private static bool Is(string path, string expected) => string.Equals(path.TrimEnd('/'), expected, StringComparison.OrdinalIgnoreCase);

    // Without encryption the simulator leaves SecureManagementServer out; what a real server reports then is not documented.
    private static Task WellKnownUrisAsync(HttpContext context, SimulatedServer server)
    {
        var preferred = server.Uri.ToString();
        var gateway = (server.ApiGatewayEndpoint?.Uri ?? server.Uri).ToString();
        return HttpResults.JsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("ProductVersion", ProductVersion);
            if (server.HttpEndpoint is { } http)
            {
                json.WriteString("UnsecureManagementServer", http.Uri.ToString());
            }

            if (server.HttpsEndpoint is { } https)
            {
                json.WriteString("SecureManagementServer", https.Uri.ToString());
            }

            json.WriteString("IdentityProvider", preferred + "IDP");
            json.WriteStartArray("ApiGateways");
            json.WriteStringValue(gateway + "api/");
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private async Task TokenAsync(HttpContext context, SimulatedServer server)
    {
        if (!context.Request.HasFormContentType)
        {
            await OAuthErrorAsync(context, "invalid_request", "The token request must be application/x-www-form-urlencoded.").ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (!string.Equals(form["client_id"], GrantValidatorClient, StringComparison.Ordinal))
        {
            await OAuthErrorAsync(context, "invalid_client", "client_id must be GrantValidatorClient.").ConfigureAwait(false);
            return;
        }

        if (!string.Equals(form["grant_type"], "password", StringComparison.Ordinal))
        {
            await OAuthErrorAsync(context, "unsupported_grant_type", "Only the password grant is simulated.").ConfigureAwait(false);
            return;
        }

        var credentials = _runtime.Credentials;
        if (!string.Equals(form["username"], credentials.UserName, StringComparison.OrdinalIgnoreCase) || !string.Equals(form["password"], credentials.Password, StringComparison.Ordinal))
        {
            await OAuthErrorAsync(context, "invalid_grant", "invalid_username_or_password").ConfigureAwait(false);
            return;
        }

        var fault = server.Fault;
        var token = _runtime.Tokens.IssueAccessToken(credentials.UserName, fault.Kind == ServerFaultKind.ExpireTokensEarly ? fault.TokenLifetime : null);
        await HttpResults.JsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("access_token", token);
            json.WriteNumber("expires_in", (long)_runtime.Tokens.AccessTokenLifetime.TotalSeconds);
            json.WriteString("token_type", "Bearer");
            json.WriteString("scope", "managementserver");
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static Task OAuthErrorAsync(HttpContext context, string error, string description) =>
        HttpResults.JsonAsync(context, StatusCodes.Status400BadRequest, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", error);
            json.WriteString("error_description", description);
            json.WriteEndObject();
        });

    // The bearer must be valid (401) and the user's role must allow reading the configuration (403).
    private bool Authorized(HttpContext context, out Task refusal)
    {
        var status = _runtime.Tokens.CheckAccessToken(HttpResults.BearerToken(context));
        if (status != TokenStatus.Valid)
        {
            context.Response.Headers.WWWAuthenticate = status == TokenStatus.Missing ? "Bearer" : "Bearer error=\"invalid_token\"";
            refusal = RestErrorAsync(context, StatusCodes.Status401Unauthorized, ImageServerReplies.ReasonFor(status));
            return false;
        }

        if (_runtime.Credentials.Role != SimulatedUserRole.Administrator)
        {
            refusal = RestErrorAsync(context, StatusCodes.Status403Forbidden, "The user does not have permission to read the configuration.");
            return false;
        }

        refusal = Task.CompletedTask;
        return true;
    }

    // A real server wraps the documented error schema: {"error":{"httpCode":403,"details":[{"errorText":"…"}]}}.
    private static Task RestErrorAsync(HttpContext context, int status, string errorText) =>
        HttpResults.JsonAsync(context, status, json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            json.WriteNumber("httpCode", status);
            json.WriteStartArray("details");
            json.WriteStartObject();
            json.WriteString("errorText", errorText);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        });

    private static bool HasQueryFlag(HttpContext context, string name) =>
        context.Request.Query.Keys.Any(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private Task RecordersAsync(HttpContext context, ServerRole role)
    {
        if (!Authorized(context, out var refusal))
        {
            return refusal;
        }

        var resource = role == ServerRole.RecordingServer ? "recordingServers" : "failoverRecorders";
        var includeDisabled = HasQueryFlag(context, "disabled");
        var servers = _runtime.Servers.Where(s => s.Role == role && (includeDisabled || s.Definition.Enabled)).ToList();
        return HttpResults.JsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("array");
            foreach (var server in servers)
            {
                WriteRecorder(json, server, resource);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    // OAS schemas.registeredServiceBody: name, id, enabled, serviceType, uris[] (http and https alike), endpoints[].
    private Task RegisteredServicesAsync(HttpContext context)
    {
        if (!Authorized(context, out var refusal))
        {
            return refusal;
        }

        var includeDisabled = HasQueryFlag(context, "includeDisabled");
        var services = _runtime.Servers
            .Where(s => s.Role is ServerRole.MobileServer or ServerRole.EventServer && (includeDisabled || s.Definition.Enabled))
            .ToList();
        return HttpResults.JsonAsync(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("array");
            foreach (var server in services)
            {
                json.WriteStartObject();
                json.WriteString("name", server.Name);
                json.WriteString("description", server.Role == ServerRole.MobileServer ? "Mobile Server Service" : "Event Server service");
                json.WriteString("id", server.Id.ToString("D"));
                json.WriteBoolean("enabled", server.Definition.Enabled);
                json.WriteString("serviceType", server.Role == ServerRole.MobileServer ? MobileServerServiceType : EventServerServiceType);
                json.WriteStartArray("uris");
                foreach (var endpoint in new[] { server.HttpEndpoint, server.HttpsEndpoint })
                {
                    if (endpoint is not null)
                    {
                        json.WriteStringValue(endpoint.Uri.ToString());
                    }
                }

                json.WriteEndArray();
                json.WriteStartArray("endpoints");
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    private static void WriteRecorder(Utf8JsonWriter json, SimulatedServer server, string resource)
    {
        var id = server.Id.ToString("D");
        json.WriteStartObject();
        json.WriteString("displayName", server.Name);
        json.WriteBoolean("enabled", server.Definition.Enabled);
        json.WriteString("id", id);
        json.WriteString("name", server.Name);
        json.WriteString("hostName", server.HostName);
        json.WriteNumber("portNumber", server.Uri.Port);
        json.WriteString("webServerUri", server.Uri.ToString());
        // activeWebServerUri is read-only and may be empty (PST Get-VmsCameraReport.ps1 falls back to webServerUri); empty without public access.
        json.WriteString("activeWebServerUri", server.PublicUri?.ToString() ?? string.Empty);
        json.WriteBoolean("publicAccessEnabled", server.PublicUri is not null);
        json.WriteString("publicWebserverHostName", server.Definition.PublicHostName ?? string.Empty);
        json.WriteNumber("publicWebserverPort", server.PublicUri?.Port ?? 0);
        json.WriteString("version", ProductVersion);
        json.WriteStartObject("relations");
        json.WriteStartObject("self");
        json.WriteString("type", resource);
        json.WriteString("id", id);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
