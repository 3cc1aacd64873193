using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Options;
using MipSecure.Endpoints;

namespace MipSecure.Options;

/// <summary>
/// Checks the rules that span several options: a CA to trust, timeouts that nest, delays that grow, overrides that parse.
/// Each failure is one sentence with the setting and the fix; the code (MIPSEC4013) is added once by
/// <see cref="MipSecureConfigurationException"/>, which is what a caller sees.
/// </summary>
internal sealed class MipSecureOptionsCrossFieldValidator : IValidateOptions<MipSecureOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MipSecureOptions options)
    {
        if (options is null)
        {
            throw new ArgumentNullException(nameof(options));
        }

        var failures = new List<string>();
        if (options.CaCertificateFiles.Count == 0 && options.CaCertificates.Count == 0 && !options.TrustRootStore)
        {
            failures.Add("No CA is configured, so no XProtect server could be trusted. Set MipSecure:CaCertificateFiles to the CA certificate the servers' certificates were issued from, or set MipSecure:TrustRootStore to true.");
        }

        if (options.CaCertificateFiles.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("MipSecure:CaCertificateFiles holds an empty path. Remove it or give the path of a CA certificate file.");
        }

        if (options.AttemptTimeout > options.TotalTimeout)
        {
            failures.Add($"MipSecure:AttemptTimeout ({options.AttemptTimeout}) is longer than MipSecure:TotalTimeout ({options.TotalTimeout}), so no retry could ever run. Make the total timeout at least as long as one attempt.");
        }

        if (options.Retry is not null && options.Retry.MaxDelay < options.Retry.BaseDelay)
        {
            failures.Add($"MipSecure:Retry:MaxDelay ({options.Retry.MaxDelay}) is shorter than MipSecure:Retry:BaseDelay ({options.Retry.BaseDelay}). Make the longest delay at least the first one.");
        }

        // TLS 1.2 and 1.3 only: older versions are broken, and None leaves the choice to the operating system.
        const System.Security.Authentication.SslProtocols Tls12 = (System.Security.Authentication.SslProtocols)0x0C00;
        const System.Security.Authentication.SslProtocols Tls13 = (System.Security.Authentication.SslProtocols)0x3000;
        if ((options.TlsVersions & ~(Tls12 | Tls13)) != 0)
        {
            failures.Add($"MipSecure:TlsVersions ({options.TlsVersions}) names a version other than TLS 1.2 and TLS 1.3. Use Tls12, Tls13, \"Tls12, Tls13\", or None for the operating system's choice.");
        }

        foreach (var entry in options.AddressOverrides)
        {
            if (string.IsNullOrWhiteSpace(entry.Key) || !AddressOverrides.TryParseTarget(entry.Value, out _, out _))
            {
                failures.Add($"The address override '{entry.Key}' = '{entry.Value}' is malformed. Map a host name to an IP address, optionally with a port: \"rec1.contoso.local\": \"10.0.0.5:7563\".");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
