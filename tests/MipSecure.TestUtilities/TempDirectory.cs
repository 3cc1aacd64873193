using System;
using System.IO;

namespace MipSecure.TestUtilities;

/// <summary>A folder under the system temp path that is deleted on disposal.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a new empty folder.</summary>
    public TempDirectory(string prefix = "mipsecure")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>Gets the folder's full path.</summary>
    public string Path { get; }

    /// <summary>Combines <paramref name="relative"/> with the folder.</summary>
    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing process; the OS temp cleaner takes it later.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
