using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Endpoints;
using MipSecure.Trust.Diagnostics;

namespace MipSecure.Connections;

/// <summary>Opens the TCP connection to an endpoint, through the address overrides or DNS, and turns socket errors into coded ones.</summary>
internal sealed class SocketDialer
{
    private readonly AddressOverrides _overrides;

    public SocketDialer(AddressOverrides overrides)
    {
        _overrides = overrides ?? throw new ArgumentNullException(nameof(overrides));
    }

    public AddressOverrides Overrides => _overrides;

    public Task<Socket> DialAsync(XProtectEndpoint endpoint, CancellationToken cancellationToken) =>
        DialAsync(endpoint, endpoint.Host, endpoint.Port, cancellationToken);

    public async Task<Socket> DialAsync(XProtectEndpoint endpoint, string host, int port, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        IPEndPoint[] candidates;
        if (_overrides.TryResolve(host, port, out var overridden))
        {
            candidates = new[] { overridden };
        }
        else if (IPAddress.TryParse(host, out var literal))
        {
            candidates = new[] { new IPEndPoint(literal, port) };
        }
        else
        {
            candidates = await ResolveAsync(endpoint, host, port, cancellationToken).ConfigureAwait(false);
        }

        SocketException? last = null;
        foreach (var candidate in candidates)
        {
            try
            {
                return await ConnectAsync(candidate, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                last = ex;
            }
        }

        throw Unreachable(endpoint, host, port, last);
    }

    private static async Task<IPEndPoint[]> ResolveAsync(XProtectEndpoint endpoint, string host, int port, CancellationToken cancellationToken)
    {
        try
        {
#if NET
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
#else
            var addresses = await Dns.GetHostAddressesAsync(host).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
#endif
            if (addresses.Length == 0)
            {
                throw NotResolved(endpoint, host, transient: false, null);
            }

            return Array.ConvertAll(addresses, address => new IPEndPoint(address, port));
        }
        catch (SocketException ex)
        {
            // TryAgain is the resolver's "temporary failure"; anything else means the name does not exist.
            throw NotResolved(endpoint, host, transient: ex.SocketErrorCode == SocketError.TryAgain, ex);
        }
    }

    private static async Task<Socket> ConnectAsync(IPEndPoint target, CancellationToken cancellationToken)
    {
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
#if NET
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
#else
            using (cancellationToken.Register(static state => ((Socket)state!).Dispose(), socket))
            {
                try
                {
                    await Task.Factory.FromAsync(socket.BeginConnect, socket.EndConnect, target, null).ConfigureAwait(false);
                }
                catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
                catch (SocketException) when (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }

            // A cancellation that came as the connect completed may have disposed the socket already; disposing the
            // registration above waited for it, so the token now says whether the socket is still whole.
            cancellationToken.ThrowIfCancellationRequested();
#endif
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static MipSecureConnectionException NotResolved(XProtectEndpoint endpoint, string host, bool transient, Exception? inner) =>
        new(
            MipSecCodes.HostNameNotResolved,
            endpoint,
            $"The host name '{host}' of the {endpoint.Description} could not be resolved to an address.",
            "Check the name in the XProtect configuration and DNS, or map the name to an address with an address override (AddressOverrides).",
            transient,
            inner);

    private static MipSecureConnectionException Unreachable(XProtectEndpoint endpoint, string host, int port, SocketException? inner) =>
        ConnectionFailures.Unreachable(endpoint, host + ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), inner, null);
}
