using System;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using MipSecure.Connections;
using MipSecure.Endpoints;
using MipSecure.ImageServer;
using MipSecure.Login;
using MipSecure.Tests.TestSupport;
using MipSecure.Trust.Diagnostics;
using Xunit;

namespace MipSecure.Tests.ImageServer;

/// <summary>
/// How the session reads what a recording server sends, however the bytes arrive: several answers in one segment, an answer
/// a byte at a time, an image larger than the session's receive buffer, an answer that never ends.
/// </summary>
public sealed class ImageServerSessionReadingTests : IDisposable
{
    private const string Host = "rec1.contoso.local";
    private static readonly XProtectEndpoint Recorder = XProtectEndpoint.RecordingServer("http://rec1.contoso.local:7563/", "Recorder 1");
    private static readonly DateTimeOffset At = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Connected = Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodresponse><requestid>0</requestid><methodname>connect</methodname><connected>yes</connected><errorreason></errorreason></methodresponse>\r\n\r\n");
    private static readonly byte[] Status = Encoding.UTF8.GetBytes(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><livepackage><status><statustime>1</statustime></status></livepackage>\r\n\r\n");

    private readonly ClientTestContext _context = new();

    [Fact]
    public async Task Answers_that_arrive_in_one_segment_are_read_one_after_the_other()
    {
        var image = FakeImageServer.Jpeg;
        var everything = Connected.Concat(Status).Concat(Frame(image)).ToArray();

        var frame = await RetrieveAsync(async (stream, ct) => await stream.WriteAsync(everything, ct));

        Assert.Equal(image, frame.Data);
        Assert.Equal(At, frame.Timestamp);
    }

    [Fact]
    public async Task Answers_that_arrive_a_byte_at_a_time_are_read_whole()
    {
        var image = FakeImageServer.Jpeg;
        var everything = Connected.Concat(Status).Concat(Frame(image)).ToArray();

        var frame = await RetrieveAsync(async (stream, ct) =>
        {
            foreach (var one in everything)
            {
                await stream.WriteAsync(new[] { one }, ct);
                await stream.FlushAsync(ct);
            }
        });

        Assert.Equal(image, frame.Data);
    }

    [Fact]
    public async Task An_image_larger_than_the_receive_buffer_arrives_intact()
    {
        var image = new byte[300 * 1024];
        new Random(7563).NextBytes(image);
        image[0] = 0xFF;
        image[1] = 0xD8;

        var frame = await RetrieveAsync(async (stream, ct) =>
        {
            await stream.WriteAsync(Connected, ct);
            await stream.WriteAsync(Frame(image), ct);
        });

        Assert.Equal(image, frame.Data);
    }

    [Fact]
    public async Task An_answer_that_never_ends_is_a_protocol_error_once_it_passes_the_limit()
    {
        var endless = Encoding.ASCII.GetBytes("<" + new string('a', ImageServerSession.MaxHeaderBytes + 1));
        await using var server = LoopbackServer.Plaintext(async (stream, ct) =>
        {
            await stream.WriteAsync(endless, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        _context.Map(Host, server);
        await using var stream = await _context.Connector().ConnectAsync(Recorder);

        var error = await Assert.ThrowsAsync<MipSecureConnectionException>(
            () => new ImageServerSession(stream, Recorder).ConnectAsync(Guid.NewGuid(), VmsToken.FromMipSdk("t")).WaitAsync(SignallingClock.StallLimit));

        Assert.Equal(MipSecCodes.ImageServerProtocolError, error.Code);
        Assert.Contains($"longer than {ImageServerSession.MaxHeaderBytes} bytes", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _context.Dispose();

    // Connects to a loopback recorder that sends what `send` writes, then asks for the frame at At.
    private async Task<ImageFrame> RetrieveAsync(Func<Stream, CancellationToken, Task> send)
    {
        await using var server = LoopbackServer.Plaintext(async (stream, ct) =>
        {
            if (stream is NetworkStream network)
            {
                network.Socket.NoDelay = true;
            }

            await send(stream, ct);
            await Task.Delay(Timeout.Infinite, ct);
        });
        _context.Map(Host, server);
        await using var stream = await _context.Connector().ConnectAsync(Recorder);
        var session = new ImageServerSession(stream, Recorder);

        await session.ConnectAsync(Guid.NewGuid(), VmsToken.FromMipSdk("t")).WaitAsync(SignallingClock.StallLimit);
        var retrieval = await session.GoToAsync(At).WaitAsync(SignallingClock.StallLimit);

        return Assert.IsType<ImageFrame>(retrieval.Frame);
    }

    private static byte[] Frame(byte[] image) =>
        Encoding.ASCII.GetBytes($"ImageResponse\r\nRequestId: 2\r\nCurrent: {At.ToUnixTimeMilliseconds()}\r\nContent-length: {image.Length}\r\nContent-type: image/jpeg\r\n\r\n")
            .Concat(image).Concat("\r\n\r\n"u8.ToArray()).ToArray();
}
