using BenchmarkDotNet.Running;

// Reproduce docs/performance.md: dotnet run -c Release --project tests/MipSecure.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(MipSecure.Benchmarks.AuditBenchmarks).Assembly).Run(args);
