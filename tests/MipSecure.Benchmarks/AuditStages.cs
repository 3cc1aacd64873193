using System;
using System.Diagnostics;
using System.Linq;
using System.Threading.Tasks;
using MipSecure.Cli.Audit;

namespace MipSecure.Benchmarks;

/// <summary>
/// Where the audit's wall-clock time goes, timed by its own progress stages, beside the probe's in the same rounds: the
/// login and discovery before the first probe, the concurrent stage (probes and login proofs), and the rules and the report
/// after the last server is done. Medians, so one slow round on a shared machine does not move them.
/// </summary>
internal static class AuditStages
{
    private const int WarmUpRounds = 3;
    private const int MeasuredRounds = 30;

    public static void Run()
    {
        AuditBenchmarks.WithSite(benchmarks =>
        {
            var probe = new double[MeasuredRounds];
            var audit = new double[MeasuredRounds];
            var beforeProbes = new double[MeasuredRounds];
            var concurrent = new double[MeasuredRounds];
            var afterProbes = new double[MeasuredRounds];
            for (var round = 0; round < WarmUpRounds + MeasuredRounds; round++)
            {
                var probeTime = Stopwatch.StartNew();
                benchmarks.Probe().GetAwaiter().GetResult();
                probeTime.Stop();

                var stages = new StageClock();
                var auditTime = Stopwatch.StartNew();
                SiteAuditor.AuditAsync(benchmarks.Options, stages, default).GetAwaiter().GetResult();
                auditTime.Stop();
                if (round < WarmUpRounds)
                {
                    continue;
                }

                var i = round - WarmUpRounds;
                probe[i] = probeTime.Elapsed.TotalMilliseconds;
                audit[i] = auditTime.Elapsed.TotalMilliseconds;
                beforeProbes[i] = stages.ConcurrentStageStarted.TotalMilliseconds;
                concurrent[i] = (stages.LastServerDone - stages.ConcurrentStageStarted).TotalMilliseconds;
                afterProbes[i] = audit[i] - stages.LastServerDone.TotalMilliseconds;
            }

            Console.WriteLine($"Wall-clock time per operation, median of {MeasuredRounds} interleaved rounds after {WarmUpRounds} warm-up rounds:");
            Console.WriteLine($"  concurrent probe of 100 recorders (baseline): {Median(probe),7:0.0} ms");
            Console.WriteLine($"  audit of the site (100 recorders):            {Median(audit),7:0.0} ms  ratio {Median(audit) / Median(probe):0.00}");
            Console.WriteLine($"    login and discovery:                        {Median(beforeProbes),7:0.0} ms");
            Console.WriteLine($"    probes and login proofs (concurrent):       {Median(concurrent),7:0.0} ms");
            Console.WriteLine($"    site rules and report:                      {Median(afterProbes),7:0.0} ms");
        });
    }

    private static double Median(double[] values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
    }

    // Notes the time of each progress report as it is made (Progress<T> would post it to the thread pool and blur it).
    private sealed class StageClock : IProgress<AuditProgress>
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();
        private readonly object _gate = new();

        public TimeSpan ConcurrentStageStarted { get; private set; }

        public TimeSpan LastServerDone { get; private set; }

        public void Report(AuditProgress value)
        {
            lock (_gate)
            {
                if (value.Total > 0 && value.Completed == 0)
                {
                    ConcurrentStageStarted = _since.Elapsed;
                }
                else if (value.Total > 0 && value.Completed == value.Total)
                {
                    LastServerDone = _since.Elapsed;
                }
            }
        }
    }
}
