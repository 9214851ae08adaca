using EdgeFace.Capture.Benchmarks;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Capture.Tests;

/// <summary>The benchmarks must run (they are how figures are produced); the only assertions are on behaviour.</summary>
public class BenchmarkTests
{
    [Fact]
    public void Mjpeg_frames_are_decoded_without_per_frame_allocation()
    {
        if (!JpegCodec.IsAvailable) Assert.Fail("libturbojpeg is not installed (apt-get install libturbojpeg0)");
        var result = MjpegDecodeBenchmark.Run(160, 120, frames: 400);
        Assert.Equal(400, result.Frames);
        Assert.True(result.CpuMicrosecondsPerFrame > 0);
        // Less than one (24-byte) object per ten frames: one-off warm-up costs only, nothing per frame.
        Assert.True(result.AllocatedBytesPerFrame < 2.4, $"{result.AllocatedBytesPerFrame} B allocated per frame");
        Assert.Contains("160x120->160x120", result.Name);
    }
}
