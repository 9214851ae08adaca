using EdgeFace.Device.Benchmarks;

namespace EdgeFace.Device.Tests;

/// <summary>The benchmark code runs and prints a figure per operation (numbers are not judged here: this is no timed test).</summary>
public sealed class BenchmarkCodeTests
{
    [Fact]
    public void Device_benchmark_prints_one_line_per_measurement_and_the_hot_path_allocates_nothing()
    {
        var output = new StringWriter();
        var results = DeviceBenchmark.Run(output, scale: 0.001);
        Assert.Equal(results.Count, output.ToString().Split('\n').Count(l => l.Contains(" ns/op ")));
        Assert.All(results, r => Assert.True(r.NanosecondsPerOp > 0, r.ToString()));
        foreach (var hot in new[] { "LatencyWindow.Record", "AdaptiveLoad.ShouldDetect", "PerformanceReporter.FrameDetected" })
            Assert.Equal(0, results.Single(r => r.Name == hot).BytesPerOp);
    }
}
