using System.Diagnostics;

namespace EdgeFace.Device.Benchmarks;

/// <summary>Times an action over many iterations after a warm-up and reports nanoseconds and bytes per call.</summary>
public static class BenchmarkTimer
{
    public readonly record struct Result(string Name, int Iterations, double NanosecondsPerOp, double BytesPerOp)
    {
        public override string ToString() =>
            $"{Name,-44} {NanosecondsPerOp,12:0.0} ns/op {BytesPerOp,10:0.#} B/op  ({Iterations} iterations)";
    }

    public static Result Measure(string name, int iterations, Action action)
    {
        for (int i = 0; i < Math.Max(10, iterations / 10); i++) action();
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < iterations; i++) action();
        double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
        return new Result(name, iterations, ns, (GC.GetAllocatedBytesForCurrentThread() - bytes) / (double)iterations);
    }
}
