using BenchmarkDotNet.Running;

// Reproduce docs/performance.md: dotnet run -c Release --project tests/MipSecure.Benchmarks -- --filter '*' --job short
// The audit's processor time against the probe's (steady on a busy machine): ... -- --cpu-time audit
if (args is ["--cpu-time", "audit"])
{
    MipSecure.Benchmarks.AuditCpuTime.Run();
    return;
}

// Where the audit's wall-clock time goes, by stage, beside the probe's: ... -- --stages audit
if (args is ["--stages", "audit"])
{
    MipSecure.Benchmarks.AuditStages.Run();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(MipSecure.Benchmarks.AuditBenchmarks).Assembly).Run(args);
