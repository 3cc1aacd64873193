using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Security;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace MipSecure.Testing.Simulation.Negotiate;

/// <summary>
/// The users the GSSAPI NTLM mechanism (gss-ntlmssp) accepts when this process is the Negotiate server. The mechanism reads
/// the file named by the <c>NTLM_USER_FILE</c> environment variable (lines <c>DOMAIN:user:password</c>) from the native process
/// environment, which <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not change on Unix. So the variable
/// is set once with libc's <c>setenv</c>, before the first Negotiate exchange, and points into a fresh owner-only temporary
/// folder that is deleted when the process exits. Every simulated site of the process adds its user here and removes it when it stops.
/// </summary>
internal static class NtlmUserFile
{
    private const string Variable = "NTLM_USER_FILE";
    private static readonly object Gate = new();
    private static readonly List<string> Lines = new();
    private static readonly Lazy<string?> Unavailable = new(Check);
    private static string? s_path;

    /// <summary>Gets why Negotiate cannot be simulated here, or <see langword="null"/> when it can.</summary>
    public static string? UnavailableReason => Unavailable.Value;

    /// <summary>Lets the NTLM mechanism accept <paramref name="user"/>.</summary>
    public static void Add(SimulatedWindowsUser user)
    {
        if (UnavailableReason is { } reason)
        {
            throw new InvalidOperationException("The simulated site cannot accept Windows users on this machine: " + reason);
        }

        lock (Gate)
        {
            if (Lines.Any(l => l.StartsWith(Prefix(user.Domain, user.UserName), StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"Another simulated site of this process already has the Windows user '{user.QualifiedName}'; give each site its own user name.");
            }

            Lines.Add(Line(user.Domain, user.UserName, user.Password));
            WriteLocked();
        }
    }

    /// <summary>Removes <paramref name="user"/> again.</summary>
    public static void Remove(SimulatedWindowsUser user)
    {
        lock (Gate)
        {
            if (Lines.RemoveAll(l => l == Line(user.Domain, user.UserName, user.Password)) > 0)
            {
                WriteLocked();
            }
        }
    }

    private static string Prefix(string domain, string userName) => domain + ":" + userName + ":";

    private static string Line(string domain, string userName, string password) => Prefix(domain, userName) + password;

    // Negotiates once in memory, client against server, with a throwaway user: the honest answer to "does it work here".
    private static string? Check()
    {
        if (OperatingSystem.IsWindows())
        {
            return "on Windows, Negotiate checks real Windows accounts, so simulated Windows users cannot log in (the simulation uses the GSSAPI NTLM mechanism on Linux).";
        }

        var probe = new SimulatedWindowsUser("MIPSIM", "probe-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4)).ToLowerInvariant(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), SimulatedUserRole.Administrator);
        try
        {
            lock (Gate)
            {
                Lines.Add(Line(probe.Domain, probe.UserName, probe.Password));
                WriteLocked();
            }

            return Exchange(probe) ? null : "the NTLM exchange failed: install the GSSAPI NTLM mechanism (Debian/Ubuntu: apt-get install gss-ntlmssp).";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return $"Negotiate is not available ({ex.GetType().Name}: {ex.Message}); install the GSSAPI NTLM mechanism (Debian/Ubuntu: apt-get install gss-ntlmssp).";
        }
        finally
        {
            lock (Gate)
            {
                Lines.Remove(Line(probe.Domain, probe.UserName, probe.Password));
                if (s_path is not null)
                {
                    WriteLocked();
                }
            }
        }
    }

    private static bool Exchange(SimulatedWindowsUser user)
    {
        using var client = new NegotiateAuthentication(new NegotiateAuthenticationClientOptions
        {
            Package = "Negotiate",
            Credential = new NetworkCredential(user.UserName, user.Password, user.Domain),
            TargetName = "HTTP/localhost",
        });
        using var server = new NegotiateAuthentication(new NegotiateAuthenticationServerOptions { Package = "Negotiate" });
        byte[]? blob = null;
        for (var leg = 0; leg < 4; leg++)
        {
            blob = client.GetOutgoingBlob(blob, out var clientStatus);
            if (clientStatus is not (NegotiateAuthenticationStatusCode.Completed or NegotiateAuthenticationStatusCode.ContinueNeeded) || blob is null)
            {
                return false;
            }

            blob = server.GetOutgoingBlob(blob, out var serverStatus);
            if (serverStatus == NegotiateAuthenticationStatusCode.Completed)
            {
                return string.Equals(server.RemoteIdentity.Name, user.QualifiedName, StringComparison.OrdinalIgnoreCase);
            }

            if (serverStatus != NegotiateAuthenticationStatusCode.ContinueNeeded)
            {
                return false;
            }
        }

        return false;
    }

    private static void WriteLocked()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The NTLM user file is for the GSSAPI NTLM mechanism.");
        }

        if (s_path is null)
        {
            // Created 0700 by mkdtemp; the file inside is created 0600. Secrets of simulated users live nowhere else on disk.
            var folder = Directory.CreateTempSubdirectory("mipsecure-ntlm-");
            s_path = Path.Combine(folder.FullName, "users");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => TryDelete(folder.FullName);
            using (File.Open(s_path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            {
            }

            SetNativeEnvironment(Variable, s_path);
        }

        var temporary = s_path + ".new";
        using (var stream = File.Open(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            var text = Encoding.UTF8.GetBytes(string.Concat(Lines.Select(l => l + "\n")));
            stream.Write(text, 0, text.Length);
        }

        // The mechanism reads the file at every exchange: replace it whole, never half-written.
        File.Move(temporary, s_path, overwrite: true);
    }

    private static void SetNativeEnvironment(string name, string value)
    {
        // Once per process, before the first exchange reads it; the managed copy is kept in step for readers in .NET.
        if (setenv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        Environment.SetEnvironmentVariable(name, value);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Gone already, or in use as the process ends: the temporary folder is owner-only either way.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

#pragma warning disable SYSLIB1054 // A single call at start-up; LibraryImport would need unsafe code in this package.
    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int setenv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}
