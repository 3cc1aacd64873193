using System;
using System.Collections.Generic;
using System.Linq;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Options;

/// <summary>
/// The one exception for every configuration error of MipSecure: invalid options (MIPSEC4013) and CA certificate files that
/// cannot be read (their MIPSEC3xxx code). It is thrown when the options are first used, whether by a Generic Host at start
/// (<c>ValidateOnStart</c>) or by resolving any MipSecure service from a plain service provider. Catch it to report a
/// start-up failure as one coded line.
/// </summary>
public sealed class MipSecureConfigurationException : MipSecureException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="code">MIPSEC4013 for invalid options, or the MIPSEC3xxx code of an unreadable CA file.</param>
    /// <param name="message">What is wrong, naming the setting.</param>
    /// <param name="remedy">How to fix it.</param>
    /// <param name="failures">Every problem found, the first one being <paramref name="message"/>.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public MipSecureConfigurationException(MipSecCode code, string message, string remedy, IEnumerable<string>? failures = null, Exception? innerException = null)
        : base(code, message, remedy, innerException)
    {
        Failures = (failures ?? new[] { message }).ToList();
    }

    /// <summary>Gets every problem found, without codes, so that all of them can be fixed in one go.</summary>
    public IReadOnlyList<string> Failures { get; }
}
