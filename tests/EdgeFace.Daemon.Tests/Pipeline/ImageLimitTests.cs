using System.Buffers.Binary;
using System.Threading.Channels;
using EdgeFace.Capture;
using EdgeFace.Capture.Folder;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging;
using EdgeFace.Imaging.Jpeg;
using EdgeFace.Pipeline;

namespace EdgeFace.Daemon.Tests.Pipeline;

/// <summary>
/// Issue 12, item 3: an 89 KB JPEG whose header claims 20000×20000 took the daemon to 2.4 GB. Crafted files that
/// claim more pixels than <see cref="ImageLimits.MaxPixels"/> go through the real folder source and the real decode
/// stage (real libturbojpeg): they are skipped and counted, good frames around them still come through, and the
/// memory allocated stays far below what the header claims (3 × 20000 × 20000 = 1.2 GB).
/// </summary>
[Collection(ProcessWideMeasurements.Name)]
public sealed class ImageLimitTests : IDisposable
{
    private const int Claimed = 20000;
    private const long AllocationBound = 32L << 20;
    private readonly string _dir = Directory.CreateTempSubdirectory("edgeface-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task Frames_claiming_20000x20000_from_a_folder_are_skipped_and_counted_without_allocating_their_claim()
    {
        var good = SmallJpeg();
        File.WriteAllBytes(Path.Combine(_dir, "a-good.jpg"), good);
        File.WriteAllBytes(Path.Combine(_dir, "b-huge.jpg"), HugeJpeg());
        File.WriteAllBytes(Path.Combine(_dir, "c-huge.png"), HugePng());
        File.WriteAllBytes(Path.Combine(_dir, "d-good.jpg"), good);

        using var source = new FolderFrameSource(new FolderRequest(_dir));
        source.Open();
        var input = Channel.CreateUnbounded<Frame>();
        using var stage = new DecodeStage(input.Reader);
        stage.Start();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var formats = new List<(PixelFormat, int, int)>();
        var reading = Task.Run(async () =>
        {
            await foreach (var f in stage.Output.ReadAllAsync())
            {
                formats.Add((f.Format, f.Width, f.Height));
                f.Release();
            }
        });
        for (int reads = 0; reads < 20; reads++)
        {
            try { if (source.TryRead(TimeSpan.FromSeconds(1), out var frame)) input.Writer.TryWrite(frame!); }
            catch (CaptureException e) when (e.Kind == CaptureErrorKind.EndOfStream) { break; }
        }
        input.Writer.Complete();
        await reading.WaitAsync(TimeSpan.FromSeconds(10));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.True(formats.Count == 2, $"decoded {stage.Decoded}, passed on {stage.PassedOn}, too large {stage.TooLarge}, skipped {source.Skipped}: {string.Join(", ", formats)}");
        Assert.Equal([(PixelFormat.Rgb24, 64, 48), (PixelFormat.Rgb24, 64, 48)], formats);
        Assert.True(allocated < AllocationBound, $"{allocated >> 20} MB allocated for two 64x48 frames and two crafted headers");
        Assert.Equal(1, stage.TooLarge);        // the JPEG, refused by the decode stage
        Assert.Equal(1, source.Skipped);        // the PNG, refused by the folder source while decoding it
    }

    [Fact]
    public void The_pipeline_decoder_refuses_the_claim_before_allocating()
    {
        using var decoder = new FrameDecoder();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        var e = Assert.Throws<FrameDecodeException>(() => decoder.Decode(HugeJpeg()));
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Contains($"{ImageLimits.MaxPixels}-pixel limit", e.Message);
        Assert.True(allocated < AllocationBound, $"{allocated >> 20} MB allocated");
    }

    [Fact]
    public void Still_images_and_jpeg_headers_use_the_same_limit()
    {
        var jpeg = Assert.Throws<ImageFormatException>(() => ImageFile.Decode(HugeJpeg()));
        var png = Assert.Throws<ImageFormatException>(() => ImageFile.Decode(HugePng()));
        var ppm = Assert.Throws<ImageFormatException>(() => ImageFile.Decode("P6 20000 20000 255\n"u8));
        foreach (var e in new[] { jpeg, png, ppm }) Assert.Contains($"exceeds the {ImageLimits.MaxPixels}-pixel limit", e.Message);
        using var codec = new JpegCodec();
        Assert.Throws<ImageLimitException>(() => codec.ReadHeader(HugeJpeg()));
        // the limit is inclusive: a picture of exactly MaxPixels passes the check
        Assert.Null(ImageLimits.Exceeds(8192, ImageLimits.MaxPixels / 8192));
        Assert.NotNull(ImageLimits.Exceeds(8193, ImageLimits.MaxPixels / 8192));
        Assert.NotNull(ImageLimits.Exceeds(-1, 10));
    }

    private static byte[] SmallJpeg(int w = 64, int h = 48)
    {
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 7);
        using var codec = new JpegCodec();
        return codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), 90);
    }

    /// <summary>A real 16×16 JPEG whose start-of-frame marker is rewritten to claim 20000×20000 (a few hundred bytes).</summary>
    internal static byte[] HugeJpeg()
    {
        var jpeg = SmallJpeg(16, 16);
        for (int i = 2; i + 9 < jpeg.Length; i++)
        {
            if (jpeg[i] != 0xFF || jpeg[i + 1] is not (0xC0 or 0xC1 or 0xC2)) continue;
            BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), Claimed);
            BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), Claimed);
            return jpeg;
        }
        throw new InvalidOperationException("no SOF marker in the encoded JPEG");
    }

    /// <summary>A PNG whose header claims 20000×20000 RGB, with a few bytes of image data (valid chunks and CRCs).</summary>
    internal static byte[] HugePng()
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, Claimed);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), Claimed);
        ihdr[8] = 8; ihdr[9] = 2;
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream s, string type, byte[] data)
    {
        Span<byte> len = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(len, (uint)data.Length);
        s.Write(len);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        s.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(len, Crc(typed));
        s.Write(len);
    }

    private static uint Crc(byte[] bytes)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            c ^= b;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }
        return ~c;
    }
}
