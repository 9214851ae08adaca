using System.Diagnostics;
using EdgeFace.Capture.Folder;
using EdgeFace.Capture.Tests.Support;
using EdgeFace.Core.Frames;
using EdgeFace.TestSupport;

namespace EdgeFace.Capture.Tests.Folder;

public class FolderFrameSourceTests
{
    private static void WritePpm(string path, int w, int h, byte r, byte g, byte b)
    {
        var header = System.Text.Encoding.ASCII.GetBytes($"P6\n# test\n{w} {h}\n255\n");
        var pixels = new byte[w * h * 3];
        for (int i = 0; i < pixels.Length; i += 3) { pixels[i] = r; pixels[i + 1] = g; pixels[i + 2] = b; }
        File.WriteAllBytes(path, [.. header, .. pixels]);
    }

    [RequiresCommandFact("ffmpeg")]
    public void Jpeg_passes_through_untouched_and_ppm_is_decoded_in_name_order_then_loops()
    {
        using var dir = new TempDir();
        Tool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=blue:s=40x30", "-frames:v", "1", dir.File("b.jpg"));
        WritePpm(dir.File("a.ppm"), 5, 3, 10, 20, 30);
        File.WriteAllText(dir.File("readme.txt"), "ignored");
        using var source = FrameSourceFactory.Create($"folder:{dir.Path}?loop=true");
        source.Open();

        Assert.True(source.TryRead(TimeSpan.FromSeconds(1), out var ppm));
        Assert.Equal((PixelFormat.Rgb24, 5, 3, 15), (ppm!.Format, ppm.Width, ppm.Height, ppm.Stride));
        Assert.Equal(new byte[] { 10, 20, 30 }, ppm.Data[^3..].ToArray());
        ppm.Release();

        Assert.True(source.TryRead(TimeSpan.FromSeconds(1), out var jpeg));
        Assert.Equal((PixelFormat.Jpeg, 40, 30), (jpeg!.Format, jpeg.Width, jpeg.Height));
        Assert.Equal(File.ReadAllBytes(dir.File("b.jpg")), jpeg.Data.ToArray());
        jpeg.Release();

        Assert.True(source.TryRead(TimeSpan.FromSeconds(1), out var again));
        Assert.Equal((PixelFormat.Rgb24, 2L), (again!.Format, again.Sequence));
        again.Release();
    }

    [RequiresCommandFact("ffmpeg")]
    public void Png_is_decoded_to_rgb24()
    {
        using var dir = new TempDir();
        Tool.Run("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i", "color=c=0x204060:s=24x10", "-frames:v", "1", dir.File("c.png"));
        using var source = FrameSourceFactory.Create($"folder:{dir.Path}");
        source.Open();
        Assert.True(source.TryRead(TimeSpan.FromSeconds(1), out var f));
        Assert.Equal((PixelFormat.Rgb24, 24, 10, 72), (f!.Format, f.Width, f.Height, f.Stride));
        // ffmpeg's colour source goes through YUV, so allow one level of rounding.
        Assert.InRange(f.Data[72 * 5 + 30], 0x1F, 0x21);
        Assert.InRange(f.Data[72 * 5 + 31], 0x3F, 0x41);
        Assert.InRange(f.Data[72 * 5 + 32], 0x5F, 0x61);
        f.Release();
    }

    [Fact]
    public void Without_loop_the_folder_ends_and_fps_paces_the_frames()
    {
        using var dir = new TempDir();
        for (int i = 0; i < 5; i++) WritePpm(dir.File($"{i}.ppm"), 2, 2, (byte)i, 0, 0);
        using var source = FrameSourceFactory.Create($"folder:{dir.Path}?fps=20");
        source.Open();
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 5; i++)
        {
            Assert.True(source.TryRead(TimeSpan.FromSeconds(1), out var f));
            Assert.Equal(i, f!.Data[0]);
            f.Release();
        }
        // Five frames at 20 fps are due at 0, 50, …, 200 ms: unpaced reading would take well under that.
        Assert.True(sw.ElapsedMilliseconds >= 190, $"5 frames at 20 fps took only {sw.ElapsedMilliseconds} ms");
        var end = Assert.Throws<CaptureException>(() => source.TryRead(TimeSpan.FromSeconds(1), out _));
        Assert.Equal(CaptureErrorKind.EndOfStream, end.Kind);
    }

    [Fact]
    public void Bad_folders_and_files_are_clear_errors()
    {
        using var dir = new TempDir();
        var empty = FrameSourceFactory.Create($"folder:{dir.Path}");
        Assert.Contains("holds no .jpg", Assert.Throws<CaptureException>(empty.Open).Message);
        Assert.Contains("does not exist", Assert.Throws<CaptureException>(FrameSourceFactory.Create($"folder:{dir.File("nope")}").Open).Message);

        File.WriteAllText(dir.File("broken.jpg"), "not a jpeg");
        File.WriteAllText(dir.File("broken.png"), "not a png");
        using var source = FrameSourceFactory.Create($"folder:{dir.Path}");
        source.Open();
        Assert.False(source.TryRead(TimeSpan.FromSeconds(1), out _));   // broken.jpg skipped
        // every image unreadable: the folder is a configuration error naming the last reason
        var ex = Assert.Throws<CaptureException>(() => source.TryRead(TimeSpan.FromSeconds(1), out _));
        Assert.Equal(CaptureErrorKind.Configuration, ex.Kind);
        Assert.Contains("holds no readable image", ex.Message);
        Assert.Contains("broken.png", ex.Message);
    }

    [Fact]
    public void A_broken_image_is_skipped_and_the_folder_plays_on()
    {
        using var dir = new TempDir();
        WritePpm(dir.File("a.ppm"), 2, 2, 7, 0, 0);
        File.WriteAllText(dir.File("b.jpg"), "not a jpeg");
        WritePpm(dir.File("c.ppm"), 2, 2, 9, 0, 0);
        using var source = FrameSourceFactory.Create($"folder:{dir.Path}?loop=true");
        source.Open();
        var values = new List<int>();
        for (int i = 0; i < 6; i++)
        {
            if (!source.TryRead(TimeSpan.FromSeconds(1), out var f)) { values.Add(-1); continue; }
            values.Add(f!.Data[0]);
            f.Release();
        }
        Assert.Equal(new[] { 7, -1, 9, 7, -1, 9 }, values);
    }

    [Fact]
    public void Jpeg_header_gives_the_size_of_baseline_and_progressive_images()
    {
        byte[] sof0 = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0xE0, 0x02, 0x80, 3, 0, 0, 0];
        Assert.True(JpegHeader.TryReadSize(sof0, out int w, out int h));
        Assert.Equal((640, 480), (w, h));
        byte[] sof2 = [0xFF, 0xD8, 0xFF, 0xC2, 0, 11, 8, 0, 16, 0, 32, 3, 0, 0, 0];
        Assert.True(JpegHeader.TryReadSize(sof2, out w, out h));
        Assert.Equal((32, 16), (w, h));
        Assert.False(JpegHeader.TryReadSize([0x89, 0x50, 0x4E, 0x47], out _, out _));
        Assert.False(JpegHeader.TryReadSize([0xFF, 0xD8, 0xFF, 0xDA, 0, 2], out _, out _));
    }
}
