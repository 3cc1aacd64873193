using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The management server's control plane: <c>GET /api/.well-known/uris</c>, the identity provider's password grant at
/// <c>POST /API/IDP/connect/token</c>, and the REST collections <c>recordingServers</c> and <c>failoverRecorders</c>
/// (only the URI-related fields of the RESTful Config API schema, which is what discovery reads).
/// </summary>
internal sealed class ManagementServerApi
{
    public const string ProductVersion = "25.2.0.1";
    public const string GrantValidatorClient = "GrantValidatorClient";

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

        if (HttpMethods.IsPost(method) && (Is(path, "/API/IDP/connect/token") || Is(path, "/IDP/connect/token")))
        {
            return TokenAsync(context, connection.Server);
        }

        if (ServerCommandServiceApi.Handles(path))
        {
            return _serverCommandService.HandleAsync(context, connection);
        }

        if (HttpMethods.IsGet(method) && Is(path, "/api/rest/v1/recordingServers"))
        {
            return RecordersAsync(context, SimulatedServerRole.RecordingServer);
        }

        if (HttpMethods.IsGet(method) && Is(path, "/api/rest/v1/failoverRecorders"))
        {
            return RecordersAsync(context, SimulatedServerRole.FailoverRecorder);
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
            json.WriteStringValue(preferred + "api/");
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

    private Task RecordersAsync(HttpContext context, SimulatedServerRole role)
    {
        var status = _runtime.Tokens.CheckAccessToken(HttpResults.BearerToken(context));
        if (status != TokenStatus.Valid)
        {
            context.Response.Headers.WWWAuthenticate = status == TokenStatus.Missing ? "Bearer" : "Bearer error=\"invalid_token\"";
            return HttpResults.JsonAsync(context, StatusCodes.Status401Unauthorized, json =>
            {
                json.WriteStartObject();
                json.WriteString("error", ImageServerReplies.ReasonFor(status));
                json.WriteEndObject();
            });
        }

        var resource = role == SimulatedServerRole.RecordingServer ? "recordingServers" : "failoverRecorders";
        var servers = _runtime.Servers.Where(s => s.Role == role).ToList();
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
        json.WriteString("activeWebServerUri", server.ActiveUri.ToString());
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
