using System;

namespace MipSecure.Trust.Diagnostics;

/// <summary>
/// The base of every exception MipSecure throws on purpose. It always carries a <see cref="MipSecCode"/>,
/// and its message says what failed, where, and how to fix it. It never contains a secret.
/// </summary>
public class MipSecureException : Exception
{
    /// <summary>Creates an exception for <paramref name="code"/>.</summary>
    /// <param name="code">The stable code.</param>
    /// <param name="message">What failed and where.</param>
    /// <param name="remedy">How to fix it.</param>
    /// <param name="innerException">The exception that caused this one, if any.</param>
    public MipSecureException(MipSecCode code, string message, string remedy, Exception? innerException = null)
        : base(Compose(code, message, remedy), innerException)
    {
        Code = code;
        Detail = message;
        Remedy = remedy;
        HelpLink = code.HelpLink;
    }

    /// <summary>Gets the stable code.</summary>
    public MipSecCode Code { get; }

    /// <summary>Gets what failed and where, without the code and the remedy that <see cref="Exception.Message"/> adds.</summary>
    /// <remarks>Use it where the code and the remedy are shown on their own (a finding, a table), so neither is printed twice.</remarks>
    public string Detail { get; }

    /// <summary>Gets how to fix the problem.</summary>
    public string Remedy { get; }

    private static string Compose(MipSecCode code, string message, string remedy)
    {
        if (code is null)
        {
            throw new ArgumentNullException(nameof(code));
        }

        return $"{code.Id}: {message} {remedy}";
    }
}
