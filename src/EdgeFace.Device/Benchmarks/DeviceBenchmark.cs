using EdgeFace.Device.Load;
using EdgeFace.Device.Stats;

namespace EdgeFace.Device.Benchmarks;

/// <summary>
/// What the device bookkeeping costs per frame and per report: latency recording (hot path), summaries and the
/// Prometheus page (per scrape), sampling /proc and /sys (every couple of seconds).
/// </summary>
public static class DeviceBenchmark
{
    public static IReadOnlyList<BenchmarkTimer.Result> Run(TextWriter output, double scale = 1.0)
    {
        int N(int n) => Math.Max(1, (int)(n * scale));
        var results = new List<BenchmarkTimer.Result>();
        void Add(BenchmarkTimer.Result r) { results.Add(r); output.WriteLine(r); }

        var window = new LatencyWindow("bench", 512);
        double v = 0;
        Add(BenchmarkTimer.Measure("LatencyWindow.Record", N(1_000_000), () => window.Record(v += 0.37)));
        Add(BenchmarkTimer.Measure("LatencyWindow.Measure (using scope)", N(1_000_000), () => { using (window.Measure()) { } }));
        Add(BenchmarkTimer.Measure("LatencyWindow.Summarize (512 samples)", N(20_000), () => window.Summarize()));

        var load = new AdaptiveLoad(new ThermalOptions(), 1);
        long frame = 0;
        Add(BenchmarkTimer.Measure("AdaptiveLoad.ShouldDetect", N(1_000_000), () => load.ShouldDetect(frame++)));

        using var reporter = new PerformanceReporter(load: load, sampleInterval: TimeSpan.Zero);
        foreach (var stage in new[] { "capture", "convert", "detect", "landmarks", "publish" })
        {
            var w = reporter.Stage(stage);
            for (int i = 0; i < 512; i++) w.Record(i % 17);
        }
        Add(BenchmarkTimer.Measure("PerformanceReporter.FrameDetected", N(1_000_000), () => reporter.FrameDetected(1)));
        Add(BenchmarkTimer.Measure("PerformanceReporter.Snapshot (5 stages)", N(5_000), () => reporter.Snapshot()));
        Add(BenchmarkTimer.Measure("PerformanceReporter.ToPrometheus (5 stages)", N(2_000), () => reporter.ToPrometheus()));
        Add(BenchmarkTimer.Measure("PerformanceReporter.Sample (/proc, /sys)", N(2_000), reporter.Sample));
        return results;
    }
}
