namespace MipSecure.Testing.Tests.Support;

/// <summary>
/// This process's own sockets, read from /proc on Linux. A test can then ask whether the very sockets a site listened on
/// are closed, which a connect probe cannot tell once another process may have bound a released ephemeral port.
/// </summary>
internal static class OwnSockets
{
    private const string ListenState = "0A";

    /// <summary>The inodes of every socket this process has open, or null where /proc is not available.</summary>
    public static HashSet<string>? All()
    {
        if (!Directory.Exists("/proc/self/fd"))
        {
            return null;
        }

        var inodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var descriptor in Directory.GetFileSystemEntries("/proc/self/fd"))
        {
            string? target;
            try
            {
                target = new FileInfo(descriptor).LinkTarget;
            }
            catch (IOException)
            {
                // The descriptor closed while the folder was read.
                continue;
            }

            if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target["socket:[".Length..^1]);
            }
        }

        return inodes;
    }

    /// <summary>The inodes of this process's listening sockets on <paramref name="ports"/>, or null where /proc is not available.</summary>
    public static HashSet<string>? ListeningOn(IEnumerable<int> ports)
    {
        var own = All();
        if (own is null || !File.Exists("/proc/net/tcp"))
        {
            return null;
        }

        var wanted = ports.ToHashSet();
        var listening = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" }.Where(File.Exists))
        {
            // Columns: sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            foreach (var fields in File.ReadLines(table).Skip(1).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                var local = fields[1];
                var port = Convert.ToInt32(local[(local.LastIndexOf(':') + 1)..], 16);
                if (fields[3] == ListenState && wanted.Contains(port) && own.Contains(fields[9]))
                {
                    listening.Add(fields[9]);
                }
            }
        }

        return listening;
    }
}
