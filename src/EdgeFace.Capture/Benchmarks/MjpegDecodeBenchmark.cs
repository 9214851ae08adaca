using System.Diagnostics;
using System.Runtime.Versioning;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Capture.Benchmarks;

/// <summary>
/// Cost per MJPEG camera frame including its decode, on any machine (no camera): a synthetic MJPEG stream (distinct
/// JPEG frames encoded once with libturbojpeg) is lent frame by frame the way the V4L2
/// source lends mmap buffers (no copy), decoded into a pooled RGB24 frame as the pipeline would, and both are released.
/// Prints numbers, asserts nothing.
/// </summary>
[SupportedOSPlatform("linux")]
public static class MjpegDecodeBenchmark
{
    public static CaptureBenchmarkResult Run(int width = 1280, int height = 720, int frames = 200, JpegScale scale = JpegScale.Full, int quality = 85)
    {
        using var codec = new JpegCodec();
        var stream = Synthesize(codec, width, height, 8, quality);
        var pool = new FramePool();
        var lent = new Frame();
        var header = codec.ReadHeader(stream[0]);
        int decodedBytes = JpegCodec.DecodedSize(header, PixelFormat.Rgb24, scale);
        int outWidth = header.ScaledWidth(scale), outHeight = header.ScaledHeight(scale);

        void One(int i)
        {
            var jpeg = stream[i % stream.Length];
            lent.SetManaged(jpeg, jpeg.Length, PixelFormat.Jpeg, width, height, 0, owner: null);
            var rgb = pool.Rent(decodedBytes, PixelFormat.Rgb24, outWidth, outHeight, outWidth * 3);
            codec.Decode(lent.Data, rgb.WritableData, PixelFormat.Rgb24, scale);
            rgb.Release();
            lent.Release();
        }

        for (int i = 0; i < 20; i++) One(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        long cpu = ThreadCpuClock.NowNanoseconds();
        var wall = Stopwatch.StartNew();
        for (int i = 0; i < frames; i++) One(i);
        wall.Stop();
        cpu = ThreadCpuClock.NowNanoseconds() - cpu;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        long averageJpeg = (long)stream.Average(s => s.Length);
        return new CaptureBenchmarkResult($"mjpeg-decode {width}x{height}->{outWidth}x{outHeight} rgb24", $"synthetic MJPEG, q{quality}, ~{averageJpeg / 1024} KiB/frame",
            frames, cpu / 1000.0 / frames, (double)allocated / frames, frames / wall.Elapsed.TotalSeconds);
    }

    // Camera-like content: smooth gradients with a moving bright block and some texture, so the encoder does real work.
    private static byte[][] Synthesize(JpegCodec codec, int width, int height, int count, int quality)
    {
        var frames = new byte[count][];
        var rgb = new byte[width * height * 3];
        var random = new Random(1234);
        for (int n = 0; n < count; n++)
        {
            for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int o = (y * width + x) * 3;
                bool block = Math.Abs(x - (width / 4 + n * width / 16)) < width / 10 && Math.Abs(y - height / 2) < height / 6;
                int noise = random.Next(8);
                rgb[o] = (byte)(block ? 230 : (x * 255 / width + noise));
                rgb[o + 1] = (byte)(block ? 190 : (y * 255 / height + noise));
                rgb[o + 2] = (byte)(((x + y + n * 16) & 0xFF) / 2 + noise);
            }
            frames[n] = codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, width, height, width * 3), quality);
        }
        return frames;
    }
}
