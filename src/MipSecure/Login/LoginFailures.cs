using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.Resilience;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Login;

/// <summary>How login answers become coded exceptions. Messages quote what the server said, never what was sent.</summary>
internal static class LoginFailures
{
    private const int MaxQuotedLength = 200;

    /// <summary>The role a Login needs: XProtect lets a user log in only when one of its roles includes it.</summary>
    public const string AnyRole = "membership of at least one role on the management server";

    public static void RequireEncrypted(XProtectEndpoint managementServer, string path)
    {
        if (!string.Equals(managementServer.Uri.Scheme, "https", StringComparison.OrdinalIgnoreCase))
        {
            throw new MipSecureConnectionException(
                MipSecCodes.CredentialsOverPlaintext,
                managementServer,
                $"Logging in at {path} of the {managementServer.Description} at {managementServer.Uri} would send the password unencrypted; nothing was sent.",
                "Use the management server's https address (turn encryption on in Server Configurator), or log in as a Windows user.",
                isTransient: false);
        }
    }

    public static MipSecureConnectionException ForStatus(XProtectEndpoint server, string path, string operation, HttpStatusCode status, string? serverText, bool unreadable)
    {
        var code = (int)status;
        var quoted = Quote(serverText);
        if (unreadable)
        {
            return Unreadable(server, path, $"the {operation} answer is not well-formed XML");
        }

        // A SOAP fault (HTTP 500) that speaks of roles or rights is the same refusal as a 403: how a real server words a Login
        // refused for a user in no role is not published, so both shapes give the role code and neither is retried.
        if (status == HttpStatusCode.Forbidden || (status == HttpStatusCode.InternalServerError && LooksLikeRole(serverText)))
        {
            return RoleMissing(server, path, AnyRole, code, quoted);
        }

        if (status == HttpStatusCode.Unauthorized || (status == HttpStatusCode.InternalServerError && LooksLikeAuthentication(serverText)))
        {
            return new MipSecureConnectionException(
                MipSecCodes.AuthorizationFailed,
                server,
                $"The {server.Description} refused {operation} at {path} with HTTP {code}{quoted}.",
                "Check the user name and password (or that the access token is from this site's identity provider and not expired); MipSecure does not retry a refused login.",
                isTransient: false);
        }

        var transient = TransientFaults.IsTransient(status);
        return new MipSecureConnectionException(
            transient ? MipSecCodes.ServerBusy : MipSecCodes.UnexpectedHttpStatus,
            server,
            $"The {server.Description} answered {operation} at {path} with HTTP {code}{quoted}{(transient ? " after every retry" : string.Empty)}.",
            transient
                ? "The server is overloaded or restarting; MipSecure retries within the token's lifetime."
                : "Check that the address is the management server's and that its version has this service (ServerCommandServiceOAuth.svc from 2021 R1).",
            transient);
    }

    public static MipSecureConnectionException RoleMissing(XProtectEndpoint server, string path, string role, int status, string quoted) =>
        new(
            MipSecCodes.RoleMissing,
            server,
            $"The {server.Description} answered {path} with HTTP {status}: the user lacks {role}{quoted}.",
            $"In Management Client, give the user {role}; logging in again does not help.",
            isTransient: false);

    public static MipSecureConnectionException Unreadable(XProtectEndpoint server, string path, string problem) =>
        new(
            MipSecCodes.LoginAnswerInvalid,
            server,
            $"The {server.Description}'s answer to {path} could not be read: {problem}.",
            "Check that the address is the management server's and that no proxy rewrites or cuts its answers.",
            isTransient: false);

    public static async Task<byte[]> ReadBoundedAsync(XProtectEndpoint server, string path, HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
#if NET
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
#else
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
#endif
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > maxBytes)
            {
                throw Unreadable(server, path, $"the answer is larger than {maxBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }
    }

    public static string Quote(string? serverText)
    {
        if (string.IsNullOrWhiteSpace(serverText))
        {
            return string.Empty;
        }

        var text = serverText!.Trim();
        return " (\"" + (text.Length > MaxQuotedLength ? text.Remove(MaxQuotedLength) + "…" : text) + "\")";
    }

    private static bool LooksLikeRole(string? text) =>
        text is not null && (Contains(text, "role") || Contains(text, "permission") || Contains(text, "rights") || Contains(text, "privilege"));

    private static bool LooksLikeAuthentication(string? text) =>
        text is not null && (Contains(text, "token") || Contains(text, "authent") || Contains(text, "credential") || Contains(text, "denied") || Contains(text, "login"));

    private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
}
