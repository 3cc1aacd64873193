using System;
using System.Diagnostics;
using System.Threading.Tasks;

namespace MipSecure.Benchmarks;

/// <summary>
/// The processor time of the audit against the probe's, in one process: on a shared machine, other work stretches wall-clock
/// times but not the processor time this process spends, so the ratio holds where BenchmarkDotNet's spread does not. The
/// simulated site runs in the same process, so its side of every handshake is counted too, as the wall-clock benchmark counts it.
/// </summary>
internal static class AuditCpuTime
{
    private const int WarmUpRounds = 2;
    private const int MeasuredRounds = 10;

    public static void Run()
    {
        AuditBenchmarks.WithSite(benchmarks =>
        {
            var probe = TimeSpan.Zero;
            var audit = TimeSpan.Zero;
            var withoutProof = TimeSpan.Zero;
            for (var round = 0; round < WarmUpRounds + MeasuredRounds; round++)
            {
                var probeTime = ProcessorTimeOf(benchmarks.Probe);
                var auditTime = ProcessorTimeOf(benchmarks.Audit);
                var withoutProofTime = ProcessorTimeOf(benchmarks.AuditWithoutProof);
                if (round >= WarmUpRounds)
                {
                    probe += probeTime;
                    audit += auditTime;
                    withoutProof += withoutProofTime;
                }
            }

            Console.WriteLine($"Processor time per operation, mean of {MeasuredRounds} rounds after {WarmUpRounds} warm-up rounds:");
            Console.WriteLine($"  concurrent probe of 100 recorders (baseline): {probe.TotalMilliseconds / MeasuredRounds:0} ms");
            Console.WriteLine($"  audit of the site (100 recorders):            {audit.TotalMilliseconds / MeasuredRounds:0} ms  ratio {audit.Ticks / (double)probe.Ticks:0.00}");
            Console.WriteLine($"  audit without the login proof:                {withoutProof.TotalMilliseconds / MeasuredRounds:0} ms  ratio {withoutProof.Ticks / (double)probe.Ticks:0.00}");
        });
    }

    private static TimeSpan ProcessorTimeOf(Func<Task<int>> operation)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        operation().GetAwaiter().GetResult();
        process.Refresh();
        return process.TotalProcessorTime - before;
    }
}
