using System.Diagnostics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Imaging.Benchmarks;

/// <summary>
/// MJPEG-style decode through libturbojpeg: a synthetic 1280×720 frame decoded to RGB24 at full and half scale
/// (what a 320×240 detector needs). Needs libturbojpeg0.
/// </summary>
public static class JpegDecodeBenchmark
{
    public static JpegDecodeResult Run(int iterations, int width = 1280, int height = 720, int quality = 80)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        using var codec = new JpegCodec();
        var rgb = SyntheticScene(width, height);
        var jpeg = codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, width, height, 3 * width), quality);
        var header = codec.ReadHeader(jpeg);
        var buffer = new byte[JpegCodec.DecodedSize(header, PixelFormat.Rgb24)];

        for (int i = 0; i < 5; i++) { codec.Decode(jpeg, header, buffer, PixelFormat.Rgb24); codec.Decode(jpeg, header, buffer, PixelFormat.Rgb24, JpegScale.Half); }
        // Fastest single call of alternating runs: preemption on a shared machine only ever adds time.
        double full = double.MaxValue, half = double.MaxValue;
        for (int i = 0; i < iterations; i++)
        {
            long t = Stopwatch.GetTimestamp();
            codec.Decode(jpeg, header, buffer, PixelFormat.Rgb24);
            full = Math.Min(full, Stopwatch.GetElapsedTime(t).TotalNanoseconds);
            t = Stopwatch.GetTimestamp();
            codec.Decode(jpeg, header, buffer, PixelFormat.Rgb24, JpegScale.Half);
            half = Math.Min(half, Stopwatch.GetElapsedTime(t).TotalNanoseconds);
        }
        return new JpegDecodeResult($"JPEG {width}x{height} q{quality} -> RGB24", jpeg.Length, full, half, iterations);
    }

    /// <summary>Gradients, edges and mild noise: compresses like a camera frame, not like a flat test card.</summary>
    private static byte[] SyntheticScene(int width, int height)
    {
        var rgb = new byte[3 * width * height];
        var rng = new Random(7);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int i = 3 * (y * width + x), n = rng.Next(-6, 7);
                bool stripe = ((x / 40) + (y / 40)) % 2 == 0;
                rgb[i] = (byte)Math.Clamp(x * 255 / width + n, 0, 255);
                rgb[i + 1] = (byte)Math.Clamp(y * 255 / height + n + (stripe ? 30 : 0), 0, 255);
                rgb[i + 2] = (byte)Math.Clamp(128 + n + (stripe ? -40 : 40), 0, 255);
            }
        return rgb;
    }
}
