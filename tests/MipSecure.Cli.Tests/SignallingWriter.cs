using System;
using System.IO;
using System.Threading.Tasks;

namespace MipSecure.Cli.Tests;

/// <summary>A StringWriter that completes a task when a given line is written: lets a test wait for "ready" without polling.</summary>
internal sealed class SignallingWriter : StringWriter
{
    private readonly string _marker;
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SignallingWriter(string marker) => _marker = marker;

    public Task Seen => _seen.Task;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value is not null && value.Contains(_marker, StringComparison.Ordinal))
        {
            _seen.TrySetResult();
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }
}
