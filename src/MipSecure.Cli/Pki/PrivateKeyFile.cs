using System;
using System.IO;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace MipSecure.Cli.Pki;

/// <summary>Writes a file that holds a private key so that only its owner can read it: mode 0600 on Unix, an owner-only ACL on Windows.</summary>
internal static class PrivateKeyFile
{
    public static void Write(string path, byte[] contents)
    {
        // A replaced file keeps its old permissions: delete it so the new one is created owner-only from the first byte.
        File.Delete(path);
        if (OperatingSystem.IsWindows())
        {
            WriteWindows(path, contents);
            return;
        }

        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using var stream = new FileStream(path, options);
        stream.Write(contents);
    }

    [SupportedOSPlatform("windows")]
    private static void WriteWindows(string path, byte[] contents)
    {
        using var identity = WindowsIdentity.GetCurrent();
        var security = new FileSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.SetOwner(identity.User!);
        security.AddAccessRule(new FileSystemAccessRule(identity.User!, FileSystemRights.FullControl, AccessControlType.Allow));
        using var stream = new FileInfo(path).Create(FileMode.CreateNew, FileSystemRights.Write, FileShare.None, 4096, FileOptions.None, security);
        stream.Write(contents);
    }
}
