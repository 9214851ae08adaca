using System.Diagnostics;
using EdgeFace.Capture.Processes;
using EdgeFace.Capture.Tests.Support;
using EdgeFace.Core.Frames;
using EdgeFace.TestSupport;

namespace EdgeFace.Capture.Tests.Processes;

/// <summary>Real ffmpeg decoding real files and a real HTTP stream served by another ffmpeg.</summary>
public class FfmpegFrameSourceTests
{
    // A 12-frame lossless (FFV1) clip of solid red; BT.601 limited range red is Y=81 U=90 V=240.
    private static string MakeRedClip(TempDir dir)
    {
        var path = dir.File("red.mkv");
        Tool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=red:s=64x48:r=10",
            "-frames:v", "12", "-c:v", "ffv1", "-pix_fmt", "yuv420p", path);
        return path;
    }

    private static List<(byte, byte, byte)> ReadAll(IFrameSource source, Func<Frame, (byte, byte, byte)> sample)
    {
        var samples = new List<(byte, byte, byte)>();
        source.Open();
        while (true)
        {
            try
            {
                if (!source.TryRead(TimeSpan.FromSeconds(20), out var f)) Assert.Fail("ffmpeg produced no frame within 20 s");
                samples.Add(sample(f!));
                f!.Release();
            }
            catch (CaptureException ex) when (ex.Kind == CaptureErrorKind.EndOfStream) { return samples; }
        }
    }

    [RequiresCommandFact("ffmpeg", "ffprobe")]
    public void A_file_is_decoded_to_i420_with_its_probed_size_and_then_ends()
    {
        using var dir = new TempDir();
        string clip = MakeRedClip(dir);
        using var source = FrameSourceFactory.Create($"file:{clip}?realtime=false");
        var samples = ReadAll(source, f =>
        {
            Assert.Equal((PixelFormat.I420, 64, 48, 64, 64 * 48 * 3 / 2), (f.Format, f.Width, f.Height, f.Stride, f.Length));
            return (f.Data[64 * 20 + 30], f.Data[64 * 48 + 100], f.Data[64 * 48 + 32 * 24 + 100]);
        });
        Assert.Equal(12, samples.Count);
        Assert.All(samples, s => { Assert.InRange(s.Item1, 79, 83); Assert.InRange(s.Item2, 88, 92); Assert.InRange(s.Item3, 238, 242); });
    }

    [RequiresCommandFact("ffmpeg", "ffprobe")]
    public void A_file_can_be_scaled_to_rgb24()
    {
        using var dir = new TempDir();
        string clip = MakeRedClip(dir);
        using var source = FrameSourceFactory.Create($"file:{clip}?format=rgb24&width=32&height=24&realtime=false");
        var samples = ReadAll(source, f =>
        {
            Assert.Equal((PixelFormat.Rgb24, 32, 24, 96), (f.Format, f.Width, f.Height, f.Stride));
            return (f.Data[96 * 10 + 30], f.Data[96 * 10 + 31], f.Data[96 * 10 + 32]);
        });
        Assert.Equal(12, samples.Count);
        Assert.All(samples, s => { Assert.InRange(s.Item1, 250, 255); Assert.InRange(s.Item2, 0, 4); Assert.InRange(s.Item3, 0, 4); });
    }

    [RequiresCommandFact("ffmpeg", "ffprobe")]
    public void A_video_whose_header_claims_more_than_the_image_limit_is_refused_before_any_frame_buffer()
    {
        // A 60-byte Y4M header claiming 12000x12000 (144 Mpx; ffmpeg itself accepts up to ~16000x16000): ffprobe
        // reports the claim, and frame buffers of 216 MB each used to be sized from it.
        using var dir = new TempDir();
        File.WriteAllText(dir.File("huge.y4m"), "YUV4MPEG2 W12000 H12000 F10:1 Ip A1:1 C420jpeg\nFRAME\nabc");
        using var source = FrameSourceFactory.Create($"file:{dir.File("huge.y4m")}?realtime=false");
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var ex = Assert.Throws<CaptureException>(source.Open);
        Assert.Equal(CaptureErrorKind.Configuration, ex.Kind);
        Assert.Contains($"exceeds the {ImageLimits.MaxPixels}-pixel limit", ex.Message);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16 << 20);
    }

    [RequiresCommandFact("ffmpeg", "ffprobe")]
    public void A_file_that_is_not_video_fails_with_ffprobes_reason()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("notes.mp4"), "not a video");
        using var source = FrameSourceFactory.Create($"file:{dir.File("notes.mp4")}");
        var ex = Assert.Throws<CaptureException>(source.Open);
        Assert.Equal(CaptureErrorKind.Configuration, ex.Kind);
        Assert.Contains("ffprobe found no video", ex.Message);
        using var missing = FrameSourceFactory.Create($"file:{dir.File("missing.mp4")}");
        Assert.Contains("does not exist", Assert.Throws<CaptureException>(missing.Open).Message);
    }

    [RequiresCommandFact("ffmpeg")]
    public void An_http_stream_is_read_until_the_server_goes_away_which_is_reported_as_lost()
    {
        int port = LoopbackPorts.Free();
        using var server = Process.Start(new ProcessStartInfo("ffmpeg",
            $"-hide_banner -loglevel error -re -f lavfi -i testsrc=s=64x48:r=20 -c:v mpeg1video -f mpegts -listen 1 http://127.0.0.1:{port}/live.ts")
            { RedirectStandardError = true, RedirectStandardInput = true })!;
        try
        {
            using var source = new FfmpegFrameSource(new FfmpegRequest($"http://127.0.0.1:{port}/live.ts", IsStream: true, Width: 64, Height: 48));
            // The server needs a moment to listen; the supervisor would retry, here we retry by hand.
            Frame? frame = null;
            for (int attempt = 0; attempt < 20 && frame is null; attempt++)
            {
                try
                {
                    source.Dispose();
                    source.Open();
                    if (!source.TryRead(TimeSpan.FromSeconds(10), out frame)) frame = null;
                }
                catch (CaptureException) { Thread.Sleep(250); }
            }
            Assert.NotNull(frame);
            Assert.Equal((PixelFormat.I420, 64, 48), (frame!.Format, frame.Width, frame.Height));
            frame.Release();
            for (int i = 0; i < 5; i++) { Assert.True(source.TryRead(TimeSpan.FromSeconds(10), out var f)); f!.Release(); }
            server.Kill();
            var ex = Assert.Throws<CaptureException>(() => DrainUntilFailure(source));
            Assert.Equal(CaptureErrorKind.Lost, ex.Kind);
        }
        finally
        {
            if (!server.HasExited) server.Kill();
        }
    }

    private static void DrainUntilFailure(FfmpegFrameSource source)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < until)
            if (source.TryRead(TimeSpan.FromSeconds(1), out var f)) f!.Release();
    }

}
