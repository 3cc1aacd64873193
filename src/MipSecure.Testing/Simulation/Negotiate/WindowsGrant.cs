using System;
using System.Net.Security;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using MipSecure.Testing.Simulation.Transport;

namespace MipSecure.Testing.Simulation.Negotiate;

/// <summary>
/// The identity provider's <c>grant_type=windows_credentials</c> at <c>/IDP/connect/token</c>, authenticated with HTTP Negotiate
/// (RFC 4559) as IIS does: <c>401</c> with <c>WWW-Authenticate: Negotiate</c>, then one challenge per leg on the same connection,
/// then the token. The server side is the platform's <see cref="NegotiateAuthentication"/>; on Linux the GSSAPI NTLM mechanism
/// checks the password against <see cref="NtlmUserFile"/>. Milestone's grant: <c>RestfulCommunicationPython/identity_provider.py</c>
/// (<c>get_token_windows</c>) and <c>ServerCommandWrapper/OAuth/IdpClientProxy.cs</c> in mipsdk-samples-protocol.
/// </summary>
internal static class WindowsGrant
{
    private const string Scheme = "Negotiate";

    /// <summary>
    /// Runs one leg of the exchange. Returns the authenticated Windows user once the exchange completes for the site's user;
    /// otherwise writes the 401 the leg needs and returns <see langword="null"/>.
    /// </summary>
    public static async Task<SimulatedWindowsUser?> AuthenticateAsync(HttpContext context, SimulatedConnection connection, SimulatedWindowsUser? expected)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme + " ", StringComparison.OrdinalIgnoreCase) || expected is null)
        {
            await ChallengeAsync(context, connection, null).ConfigureAwait(false);
            return null;
        }

        byte[] incoming;
        try
        {
            incoming = Convert.FromBase64String(header[(Scheme.Length + 1)..].Trim());
        }
        catch (FormatException)
        {
            await ChallengeAsync(context, connection, null).ConfigureAwait(false);
            return null;
        }

        // NTLM authenticates the connection, not the request: the state lives as long as the connection's exchange.
        connection.Negotiation ??= new NegotiateAuthentication(new NegotiateAuthenticationServerOptions { Package = Scheme });
        var outgoing = connection.Negotiation.GetOutgoingBlob(incoming, out var status);
        if (status == NegotiateAuthenticationStatusCode.ContinueNeeded && outgoing is not null)
        {
            context.Response.Headers.WWWAuthenticate = Scheme + " " + Convert.ToBase64String(outgoing);
            await Protocols.HttpResults.TextAsync(context, StatusCodes.Status401Unauthorized, "text/plain; charset=utf-8", "Negotiate: continue.").ConfigureAwait(false);
            return null;
        }

        var authenticated = status == NegotiateAuthenticationStatusCode.Completed
            && string.Equals(connection.Negotiation.RemoteIdentity.Name, expected.QualifiedName, StringComparison.OrdinalIgnoreCase);
        await ChallengeAsync(context, connection, authenticated ? outgoing : null, authenticated).ConfigureAwait(false);
        return authenticated ? expected : null;
    }

    // A failed or finished exchange ends the connection's state; a refusal starts over with a plain challenge.
    private static Task ChallengeAsync(HttpContext context, SimulatedConnection connection, byte[]? final, bool authenticated = false)
    {
        connection.Negotiation?.Dispose();
        connection.Negotiation = null;
        if (authenticated)
        {
            if (final is not null)
            {
                context.Response.Headers.WWWAuthenticate = Scheme + " " + Convert.ToBase64String(final);
            }

            return Task.CompletedTask;
        }

        context.Response.Headers.WWWAuthenticate = Scheme;
        return Protocols.HttpResults.TextAsync(context, StatusCodes.Status401Unauthorized, "text/plain; charset=utf-8", "Windows authentication is required.");
    }
}
