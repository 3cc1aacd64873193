using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace MipSecure.Testing.Simulation.Protocols;

/// <summary>Writes the answers of simulated HTTP requests without the MVC or minimal-API stack.</summary>
internal static class HttpResults
{
    public static Task TextAsync(HttpContext context, int status, string contentType, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.ContentLength = bytes.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
    }

    public static Task JsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return TextAsync(context, status, "application/json; charset=utf-8", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    public static Task ServiceUnavailableAsync(HttpContext context, TimeSpan retryAfter, string contentType = "text/plain; charset=utf-8", string body = "Service unavailable (simulated fault).")
    {
        context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return TextAsync(context, StatusCodes.Status503ServiceUnavailable, contentType, body);
    }

    // Kestrel caps request bodies (SiteHttpHost sets the limit), so reading to the end is bounded.
    public static async Task<string> ReadBodyAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static string? BearerToken(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
