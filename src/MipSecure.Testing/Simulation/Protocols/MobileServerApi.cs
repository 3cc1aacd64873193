using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>
/// The mobile server's command channel, <c>POST /XProtectMobile/Communication</c>: one or more
/// <c>&lt;Communication&gt;&lt;Command&gt;</c> documents separated by CRLF CRLF, answered in kind. Simulated commands:
/// Connect, LogIn and GetServerStatus. The application-level Diffie-Hellman credential encryption is not simulated,
/// so Connect reports <c>SecurityEnabled=No</c> and LogIn takes the password as sent.
/// </summary>
internal sealed class MobileServerApi
{
    // Error codes of the mobile SDK's ConnectionError list.
    private const int BadCommandType = 10;
    private const int WrongId = 12;
    private const int MissingInputParameter = 13;
    private const int InvalidCredentials = 15;
    private const int SecurityError = 19;
    private const int SessionTimeoutSeconds = 30;

    private readonly SiteRuntime _runtime;

    public MobileServerApi(SiteRuntime runtime)
    {
        _runtime = runtime;
    }

    public async Task HandleAsync(HttpContext context, SimulatedConnection connection)
    {
        var path = context.Request.Path.Value ?? "/";
        if (HttpMethods.IsPost(context.Request.Method) && string.Equals(path, "/XProtectMobile/Communication", StringComparison.OrdinalIgnoreCase))
        {
            var body = await HttpResults.ReadBodyAsync(context).ConfigureAwait(false);
            if (!body.TrimStart().StartsWith("<?xml", StringComparison.Ordinal))
            {
                await HttpResults.TextAsync(context, StatusCodes.Status400BadRequest, "text/plain; charset=utf-8", "The body must be XML starting with <?xml.").ConfigureAwait(false);
                return;
            }

            var replies = body.Split("\r\n\r\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(message => Handle(message, connection.Server));
            await HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/xml; charset=utf-8", string.Join("\r\n\r\n", replies) + "\r\n\r\n").ConfigureAwait(false);
            return;
        }

        if ((HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)) && path == "/")
        {
            await HttpResults.TextAsync(context, StatusCodes.Status200OK, "text/plain; charset=utf-8", "XProtect Mobile Server (simulated)").ConfigureAwait(false);
            return;
        }

        await HttpResults.TextAsync(context, StatusCodes.Status404NotFound, "text/plain; charset=utf-8", "Not found on the simulated mobile server.").ConfigureAwait(false);
    }

    private string Handle(string message, SimulatedServer server)
    {
        var document = SafeXml.TryParse(message);
        var command = document?.Root?.Element("Command");
        if (document?.Root is not { Name.LocalName: "Communication" } || command is null)
        {
            return Reply(null, "0", "Unknown", Array.Empty<KeyValuePair<string, string>>(), BadCommandType, "The message is not a Communication with a Command.");
        }

        var connectionId = document.Root.Element("ConnectionId")?.Value.Trim();
        var sequenceId = command.Attribute("SequenceId")?.Value ?? "0";
        var name = command.Element("Name")?.Value.Trim() ?? string.Empty;
        var inputs = command.Element("InputParams")?.Elements("Param")
            .Where(p => p.Attribute("Name") is not null)
            .GroupBy(p => p.Attribute("Name")!.Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Attribute("Value")?.Value ?? string.Empty, StringComparer.OrdinalIgnoreCase)
            ?? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        if (!string.Equals(command.Element("Type")?.Value.Trim(), "Request", StringComparison.OrdinalIgnoreCase))
        {
            return Reply(connectionId, sequenceId, name, Array.Empty<KeyValuePair<string, string>>(), BadCommandType, "Type must be Request.");
        }

        return name switch
        {
            "Connect" => Connect(server, sequenceId),
            "LogIn" => LogIn(server, connectionId, sequenceId, inputs),
            "GetServerStatus" => GetServerStatus(server, connectionId, sequenceId),
            _ => Reply(connectionId, sequenceId, name, Array.Empty<KeyValuePair<string, string>>(), BadCommandType, "Command not supported by the simulated mobile server."),
        };
    }

    private static string Connect(SimulatedServer server, string sequenceId)
    {
        var connectionId = Guid.NewGuid().ToString("D");
        server.MobileSessions[connectionId] = false;
        return Reply(connectionId, sequenceId, "Connect", new Dictionary<string, string>
        {
            ["ConnectionId"] = connectionId,
            ["ServerId"] = server.Id.ToString("D"),
            ["SecurityEnabled"] = "No",
            ["Timeout"] = SessionTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            ["WebSocketSupport"] = "No",
            ["CHAPSupported"] = "No",
        });
    }

    private string LogIn(SimulatedServer server, string? connectionId, string sequenceId, Dictionary<string, string> inputs)
    {
        if (connectionId is null || !server.MobileSessions.ContainsKey(connectionId))
        {
            return Reply(connectionId, sequenceId, "LogIn", Array.Empty<KeyValuePair<string, string>>(), WrongId, "Unknown ConnectionId: send Connect first.");
        }

        if (!inputs.TryGetValue("Username", out var userName) || !inputs.TryGetValue("Password", out var password))
        {
            return Reply(connectionId, sequenceId, "LogIn", Array.Empty<KeyValuePair<string, string>>(), MissingInputParameter, "Username and Password are required.");
        }

        var credentials = _runtime.Credentials;
        if (!string.Equals(userName, credentials.UserName, StringComparison.OrdinalIgnoreCase) || !string.Equals(password, credentials.Password, StringComparison.Ordinal))
        {
            return Reply(connectionId, sequenceId, "LogIn", Array.Empty<KeyValuePair<string, string>>(), InvalidCredentials, "Invalid credentials.");
        }

        server.MobileSessions[connectionId] = true;
        return Reply(connectionId, sequenceId, "LogIn", Array.Empty<KeyValuePair<string, string>>());
    }

    // The status outputs of the real command are not documented; these two stand in for "the server answers when logged in".
    private string GetServerStatus(SimulatedServer server, string? connectionId, string sequenceId)
    {
        if (connectionId is null || !server.MobileSessions.TryGetValue(connectionId, out var loggedIn))
        {
            return Reply(connectionId, sequenceId, "GetServerStatus", Array.Empty<KeyValuePair<string, string>>(), WrongId, "Unknown ConnectionId: send Connect first.");
        }

        if (!loggedIn)
        {
            return Reply(connectionId, sequenceId, "GetServerStatus", Array.Empty<KeyValuePair<string, string>>(), SecurityError, "Log in first.");
        }

        return Reply(connectionId, sequenceId, "GetServerStatus", new Dictionary<string, string>
        {
            ["CpuUsage"] = "5",
            ["ServerTime"] = _runtime.TimeProvider.GetUtcNow().ToString("o", CultureInfo.InvariantCulture),
        });
    }

    private static string Reply(string? connectionId, string sequenceId, string name, IEnumerable<KeyValuePair<string, string>> outputs, int? errorCode = null, string? errorString = null)
    {
        var command = new XElement(
            "Command",
            new XAttribute("SequenceId", sequenceId),
            new XElement("Type", "Response"),
            new XElement("Name", name),
            new XElement("InputParams"),
            new XElement("OutputParams", outputs.Select(o => new XElement("Param", new XAttribute("Name", o.Key), new XAttribute("Value", o.Value)))),
            new XElement("Items"),
            new XElement("Result", errorCode is null ? "OK" : "Error"));
        if (errorCode is int code)
        {
            command.Add(new XElement("ErrorCode", code), new XElement("ErrorString", errorString ?? string.Empty));
        }

        var communication = new XElement("Communication");
        if (connectionId is not null)
        {
            communication.Add(new XElement("ConnectionId", connectionId));
        }

        communication.Add(command);
        return new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>").Append(communication.ToString(SaveOptions.DisableFormatting)).ToString();
    }
}
