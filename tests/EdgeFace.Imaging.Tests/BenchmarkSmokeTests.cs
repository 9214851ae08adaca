using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Benchmarks;

namespace EdgeFace.Imaging.Tests;

/// <summary>The benchmark entry points the CLI calls must run and report sane figures (no timing assertions).</summary>
public class BenchmarkSmokeTests
{
    [Fact]
    public void Convert_resize_benchmark_reports_both_paths()
    {
        var r = ConvertResizeBenchmark.Run(PixelFormat.Nv12, 64, 48, 32, 24, iterations: 5);
        Assert.Contains("Nv12 64x48 -> 32x24", r.Case);
        Assert.True(r.ScalarNsPerCall > 0 && r.VectorNsPerCall > 0 && double.IsFinite(r.SpeedUp), r.ToString());
        var warp = ConvertResizeBenchmark.RunWarp(PixelFormat.Rgb24, 2);
        Assert.True(warp.ScalarNsPerCall > 0 && warp.VectorNsPerCall > 0, warp.ToString());
    }

    [RequiresTurboJpegFact]
    public void Jpeg_benchmark_reports_full_and_half_decode()
    {
        var r = JpegDecodeBenchmark.Run(iterations: 5, width: 160, height: 96);
        Assert.True(r.EncodedBytes > 100 && r.FullNsPerCall > 0 && r.HalfNsPerCall > 0, r.ToString());
    }
}
