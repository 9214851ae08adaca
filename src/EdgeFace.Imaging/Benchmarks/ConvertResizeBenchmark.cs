using System.Diagnostics;
using System.Numerics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Resampling;

namespace EdgeFace.Imaging.Benchmarks;

/// <summary>
/// Measures frame → tensor conversion, scalar reference against the SIMD path, on synthetic frames
/// (the detector case: 640×480 YUYV → 320×240 planar float RGB, plus the other source formats).
/// For `edgeface bench`; prints nothing itself.
/// </summary>
public static class ConvertResizeBenchmark
{
    /// <summary>The headline case: 640×480 YUYV → 320×240 float RGB, letterboxed (the detector input).</summary>
    public static ConvertResizeResult Run(int iterations) => Run(PixelFormat.Yuyv, 640, 480, 320, 240, iterations);

    /// <summary>The headline case for every raw source format.</summary>
    public static IReadOnlyList<ConvertResizeResult> RunAllFormats(int iterations) =>
        [.. new[] { PixelFormat.Yuyv, PixelFormat.Nv12, PixelFormat.I420, PixelFormat.Rgb24, PixelFormat.Bgr24, PixelFormat.Gray8 }
            .Select(f => Run(f, 640, 480, 320, 240, iterations))];

    /// <summary>
    /// The landmark crop: a rotated 112×112 float crop out of a 640×480 frame, reference path against the one
    /// <see cref="TensorWriter.Warp(in ImageView, Span{float}, in TensorSpec, in AffineMap)"/> takes for the format
    /// (the direct-read path for RGB24/BGR24/GRAY8, the reference itself for YUV).
    /// </summary>
    public static ConvertResizeResult RunWarp(PixelFormat format, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        const int w = 640, h = 480;
        int stride = PixelFormatInfo.MinimumStride(format, w);
        var frame = new byte[PixelFormatInfo.FrameSize(format, h, stride)];
        new Random(1).NextBytes(frame);
        var spec = new TensorSpec(112, 112, ChannelOrder.Rgb, Vector3.Zero, new Vector3(1f / 255));
        var tensor = new float[spec.ElementCount];
        var map = AffineMap.Similarity(new System.Drawing.PointF(320, 240), 150, 0.3f, 112);
        var (scalar, fast) = Compare(iterations,
            () => ScalarTensorWriter.Warp(new ImageView(frame, format, w, h, stride), tensor, spec, map),
            () => TensorWriter.Warp(new ImageView(frame, format, w, h, stride), tensor, spec, map));
        return new ConvertResizeResult($"{format} {w}x{h} -> 112x112 rotated crop", scalar, fast, iterations);
    }

    public static ConvertResizeResult Run(PixelFormat format, int frameWidth, int frameHeight, int tensorWidth, int tensorHeight, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        int stride = PixelFormatInfo.MinimumStride(format, frameWidth);
        var frame = new byte[PixelFormatInfo.FrameSize(format, frameHeight, stride)];
        new Random(42).NextBytes(frame);
        var spec = new TensorSpec(tensorWidth, tensorHeight, ChannelOrder.Rgb, Vector3.Zero, new Vector3(1f / 255));
        var tensor = new float[spec.ElementCount];
        var map = LetterboxMap.For(frameWidth, frameHeight, tensorWidth, tensorHeight, letterbox: true);

        var (scalar, vector) = Compare(iterations,
            () => ScalarTensorWriter.Resize(new ImageView(frame, format, frameWidth, frameHeight, stride), tensor, spec, map),
            () => VectorTensorWriter.Resize(new ImageView(frame, format, frameWidth, frameHeight, stride), tensor, spec, map));
        return new ConvertResizeResult($"{format} {frameWidth}x{frameHeight} -> {tensorWidth}x{tensorHeight} float", scalar, vector, iterations);
    }

    /// <summary>
    /// Times both paths call by call, alternating, and keeps each one's fastest call. The machine may be shared:
    /// a call that got preempted only ever looks slower, so the minimum is the least disturbed figure, and
    /// alternating exposes both paths to the same background load.
    /// </summary>
    private static (double First, double Second) Compare(int iterations, Action first, Action second)
    {
        // Warm up past tiered compilation (30 calls plus the tier-up delay) so both run fully optimised code.
        var warm = Stopwatch.StartNew();
        for (int i = 0; i < 40 || warm.ElapsedMilliseconds < 300; i++) { first(); second(); }
        double bestFirst = double.MaxValue, bestSecond = double.MaxValue;
        for (int i = 0; i < iterations; i++)
        {
            bestFirst = Math.Min(bestFirst, Once(first));
            bestSecond = Math.Min(bestSecond, Once(second));
        }
        return (bestFirst, bestSecond);

        static double Once(Action call)
        {
            long start = Stopwatch.GetTimestamp();
            call();
            return Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }
    }
}
