using System.IO.Compression;
using System.Text;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Imaging.Tests;

public class ImageFileTests
{
    private static byte[] Samples(int width, int height, int channels, int seed)
    {
        // Random but with structure, so Sub/Up/Average/Paeth all see non-trivial neighbours.
        var rng = new Random(seed);
        var s = new byte[width * height * channels];
        for (int i = 0; i < s.Length; i++) s[i] = (byte)(i % 7 * 30 + rng.Next(20));
        return s;
    }

    public static IEnumerable<object[]> PngCases()
    {
        foreach (int color in new[] { 0, 2, 4, 6 })
            foreach (int filter in new[] { 0, 1, 2, 3, 4 })
                yield return [color, filter, filter % 2 == 0 ? CompressionLevel.NoCompression : CompressionLevel.Optimal];
    }

    [Theory]
    [MemberData(nameof(PngCases))]
    public void Png_colour_types_and_filters_decode_to_the_written_pixels(int colorType, int filter, CompressionLevel level)
    {
        const int w = 13, h = 7;
        int channels = colorType switch { 0 => 1, 2 => 3, 4 => 2, _ => 4 };
        var samples = Samples(w, h, channels, colorType * 10 + filter);
        var image = ImageFile.Decode(PngWriter.Write(w, h, colorType, samples, filter, level));
        Assert.Equal((w, h), (image.Width, image.Height));
        for (int p = 0; p < w * h; p++)
        {
            byte[] expected = channels <= 2
                ? [samples[p * channels], samples[p * channels], samples[p * channels]]
                : [samples[p * channels], samples[p * channels + 1], samples[p * channels + 2]];
            Assert.Equal(expected, image.Pixels.AsSpan(3 * p, 3).ToArray());
        }
    }

    [Theory]
    [InlineData(0, 16, 0, "bit depth 16")]
    [InlineData(2, 16, 0, "bit depth 16")]
    [InlineData(3, 8, 0, "palette")]
    [InlineData(0, 4, 0, "bit depth 4")]
    [InlineData(2, 8, 1, "interlaced")]
    public void Unsupported_png_variants_say_so(int colorType, int depth, int interlace, string detail)
    {
        int channels = colorType == 2 ? 3 : 1;
        var samples = new byte[4 * 4 * channels * depth / 8];
        var png = PngWriter.Write(4, 4, colorType, samples, 0, bitDepth: depth, interlace: interlace);
        var ex = Assert.Throws<ImageFormatException>(() => ImageFile.Decode(png));
        Assert.Contains("unsupported", ex.Message);
        Assert.Contains(detail, ex.Message);
    }

    [Fact]
    public void Damaged_pngs_are_refused_with_reasons()
    {
        var png = PngWriter.Write(8, 8, 2, Samples(8, 8, 3, 1), 4);
        var flipped = (byte[])png.Clone();
        flipped[92] ^= 0x40; // inside the first IDAT (signature 8, IHDR 25, tEXt 49, IDAT header 8)
        Assert.Contains("CRC", Assert.Throws<ImageFormatException>(() => ImageFile.Decode(flipped)).Message);
        Assert.Contains("truncated", Assert.Throws<ImageFormatException>(() => ImageFile.Decode(png.AsSpan(..(png.Length - 30)))).Message);
        Assert.Contains("truncated", Assert.Throws<ImageFormatException>(() => ImageFile.Decode(png.AsSpan(..20))).Message);
    }

    [Fact]
    public void Binary_pgm_and_ppm_with_comments_and_small_maxval()
    {
        var ppm = Encoding.ASCII.GetBytes("P6\n# a comment\n3 2\n255\n").Concat(Enumerable.Range(0, 18).Select(i => (byte)(i * 10))).ToArray();
        var image = ImageFile.Decode(ppm);
        Assert.Equal((3, 2), (image.Width, image.Height));
        Assert.Equal(Enumerable.Range(0, 18).Select(i => (byte)(i * 10)).ToArray(), image.Pixels);

        var pgm = Encoding.ASCII.GetBytes("P5 2 1 15\n").Concat(new byte[] { 0, 15 }).ToArray();
        var gray = ImageFile.Decode(pgm);
        Assert.Equal(new byte[] { 0, 0, 0, 255, 255, 255 }, gray.Pixels);

        Assert.Contains("16-bit", Assert.Throws<ImageFormatException>(() => ImageFile.Decode(Encoding.ASCII.GetBytes("P5 1 1 65535\n\0\0"))).Message);
        Assert.Contains("P3", Assert.Throws<ImageFormatException>(() => ImageFile.Decode(Encoding.ASCII.GetBytes("P3 1 1 255\n1 2 3"))).Message);
        Assert.Contains("truncated", Assert.Throws<ImageFormatException>(() => ImageFile.Decode(Encoding.ASCII.GetBytes("P6 4 4 255\nabc"))).Message);
    }

    [Fact]
    public void Format_comes_from_magic_bytes_not_the_extension()
    {
        var dir = Directory.CreateTempSubdirectory("edgeface-imaging-");
        try
        {
            var pngPath = Path.Combine(dir.FullName, "actually-a-png.jpg");
            File.WriteAllBytes(pngPath, PngWriter.Write(2, 2, 2, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 1));
            var image = ImageFile.Load(pngPath);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, image.Pixels);

            var textPath = Path.Combine(dir.FullName, "notes.png");
            File.WriteAllText(textPath, "hello");
            var ex = Assert.Throws<ImageFormatException>(() => ImageFile.Load(textPath));
            Assert.Contains("notes.png", ex.Message);
            Assert.Contains("not a JPEG, PNG", ex.Message);
            Assert.Throws<ImageFormatException>(() => ImageFile.Load(Path.Combine(dir.FullName, "missing.png")));
        }
        finally { dir.Delete(recursive: true); }
    }

    [RequiresTurboJpegFact]
    public void Jpeg_files_load_through_turbojpeg()
    {
        const int w = 24, h = 16;
        var rgb = new byte[w * h * 3];
        for (int i = 0; i < rgb.Length; i += 3) { rgb[i] = 200; rgb[i + 1] = 60; rgb[i + 2] = 30; }
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), quality: 95);
        var path = Path.Combine(Path.GetTempPath(), $"edgeface-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, jpeg);
        try
        {
            Assert.Equal(ImageFileFormat.Jpeg, ImageFile.Detect(jpeg));
            var image = ImageFile.Load(path);
            Assert.Equal((w, h), (image.Width, image.Height));
            for (int i = 0; i < rgb.Length; i++) Assert.True(Math.Abs(rgb[i] - image.Pixels[i]) <= 4, $"byte {i}: {image.Pixels[i]} vs {rgb[i]}");
            var broken = Path.Combine(Path.GetTempPath(), $"edgeface-{Guid.NewGuid():N}.jpg");
            File.WriteAllBytes(broken, jpeg[..100]);
            try { Assert.Contains("JPEG", Assert.Throws<ImageFormatException>(() => ImageFile.Load(broken)).Message); }
            finally { File.Delete(broken); }
        }
        finally { File.Delete(path); }
    }
}
