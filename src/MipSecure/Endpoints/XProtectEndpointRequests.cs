using System;
using System.Net.Http;

namespace MipSecure.Endpoints;

/// <summary>
/// Carries the <see cref="XProtectEndpoint"/> an HTTP request is addressed to, so the MipSecure handler names the server (its
/// role and name) in every message and runs the request through that server's resilience pipeline, without guessing.
/// </summary>
public static class XProtectEndpointRequests
{
    private const string Key = "MipSecure.Endpoint";
#if NET
    private static readonly HttpRequestOptionsKey<XProtectEndpoint> OptionsKey = new(Key);
#endif

    /// <summary>Attaches <paramref name="endpoint"/> to <paramref name="request"/>.</summary>
    /// <param name="request">The request, to a URI on the endpoint's host and port.</param>
    /// <param name="endpoint">The server the request is for.</param>
    /// <returns>The request, for chaining.</returns>
    public static HttpRequestMessage SetXProtectEndpoint(this HttpRequestMessage request, XProtectEndpoint endpoint)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (endpoint is null)
        {
            throw new ArgumentNullException(nameof(endpoint));
        }

#if NET
        request.Options.Set(OptionsKey, endpoint);
#else
        request.Properties[Key] = endpoint;
#endif
        return request;
    }

    /// <summary>Gets the endpoint attached to <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The endpoint, or <see langword="null"/> when none is attached.</returns>
    public static XProtectEndpoint? GetXProtectEndpoint(this HttpRequestMessage request)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

#if NET
        return request.Options.TryGetValue(OptionsKey, out var endpoint) ? endpoint : null;
#else
        return request.Properties.TryGetValue(Key, out var endpoint) ? endpoint as XProtectEndpoint : null;
#endif
    }
}
