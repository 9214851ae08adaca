using EdgeFace.TestSupport;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Jpeg;

namespace EdgeFace.Imaging.Tests;

/// <summary>Round trips through the real libturbojpeg.</summary>
public class JpegCodecTests
{
    /// <summary>Smooth colour gradients with a soft blob: JPEG keeps these well, so tolerances can be tight.</summary>
    private static byte[] SyntheticRgb(int w, int h)
    {
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                double d = Math.Sqrt((x - w * 0.6) * (x - w * 0.6) + (y - h * 0.4) * (y - h * 0.4));
                int i = 3 * (y * w + x);
                rgb[i] = (byte)(255.0 * x / (w - 1));
                rgb[i + 1] = (byte)(255.0 * y / (h - 1));
                rgb[i + 2] = (byte)Math.Clamp(255 - 6 * d, 30, 255);
            }
        return rgb;
    }

    private static (double Mean, int Max) Compare(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        long sum = 0; int max = 0;
        for (int i = 0; i < a.Length; i++) { int d = Math.Abs(a[i] - b[i]); sum += d; max = Math.Max(max, d); }
        return ((double)sum / a.Length, max);
    }

    [RequiresTurboJpegFact]
    public void Rgb_round_trip_stays_close_and_header_is_right()
    {
        const int w = 96, h = 64;
        var rgb = SyntheticRgb(w, h);
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), quality: 95);
        Assert.Equal(0xFF, jpeg[0]); Assert.Equal(0xD8, jpeg[1]);

        var header = codec.ReadHeader(jpeg);
        Assert.Equal(new JpegHeader(w, h, JpegSubsampling.Yuv420), header);

        var decoded = new byte[JpegCodec.DecodedSize(header, PixelFormat.Rgb24)];
        var view = codec.Decode(jpeg, decoded, PixelFormat.Rgb24);
        Assert.Equal((w, h, 3 * w, PixelFormat.Rgb24), (view.Width, view.Height, view.Stride, view.Format));
        var (mean, max) = Compare(rgb, decoded);
        Assert.True(mean < 2.0 && max < 40, $"mean abs error {mean:F2}, max {max}");
    }

    [RequiresTurboJpegFact]
    public void Bgr_and_gray_decodes_are_consistent_with_rgb()
    {
        const int w = 40, h = 30;
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(SyntheticRgb(w, h), PixelFormat.Rgb24, w, h, 3 * w), quality: 90);
        var rgb = new byte[w * h * 3];
        var bgr = new byte[w * h * 3 + 5 * h]; // padded rows
        codec.Decode(jpeg, rgb, PixelFormat.Rgb24);
        var bgrView = codec.Decode(jpeg, bgr, PixelFormat.Bgr24, stride: 3 * w + 5);
        Assert.Equal(3 * w + 5, bgrView.Stride);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = 3 * (y * w + x), j = y * (3 * w + 5) + 3 * x;
                Assert.Equal(rgb[i], bgr[j + 2]); Assert.Equal(rgb[i + 1], bgr[j + 1]); Assert.Equal(rgb[i + 2], bgr[j]);
            }

        var gray = new byte[w * h];
        codec.Decode(jpeg, gray, PixelFormat.Gray8);
        for (int p = 0; p < w * h; p++)
        {
            double luma = 0.299 * rgb[3 * p] + 0.587 * rgb[3 * p + 1] + 0.114 * rgb[3 * p + 2];
            Assert.True(Math.Abs(luma - gray[p]) <= 2, $"pixel {p}: gray {gray[p]}, luma of RGB decode {luma:F1}");
        }
    }

    [RequiresTurboJpegFact]
    public void Gray_image_round_trips_as_gray_jpeg()
    {
        const int w = 33, h = 17;
        var gray = new byte[w * h];
        for (int i = 0; i < gray.Length; i++) gray[i] = (byte)(i % w * 7);
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(gray, PixelFormat.Gray8, w, h, w), quality: 98);
        Assert.Equal(JpegSubsampling.Gray, codec.ReadHeader(jpeg).Subsampling);
        var back = new byte[w * h];
        codec.Decode(jpeg, back, PixelFormat.Gray8);
        var (mean, _) = Compare(gray, back);
        Assert.True(mean < 2.5, $"mean abs error {mean:F2}");
    }

    [RequiresTurboJpegFact]
    public void Half_scale_decode_has_rounded_up_size_and_matches_a_downscale()
    {
        const int w = 129, h = 71;
        var rgb = SyntheticRgb(w, h);
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), quality: 95);
        var header = codec.ReadHeader(jpeg);
        Assert.Equal((65, 36), (header.ScaledWidth(JpegScale.Half), header.ScaledHeight(JpegScale.Half)));
        var half = new byte[JpegCodec.DecodedSize(header, PixelFormat.Rgb24, JpegScale.Half)];
        var view = codec.Decode(jpeg, half, PixelFormat.Rgb24, JpegScale.Half);
        Assert.Equal((65, 36), (view.Width, view.Height));
        // Each half-size pixel is close to the mean of its 2x2 block in the original.
        double sum = 0;
        for (int y = 0; y < 35; y++)
            for (int x = 0; x < 64; x++)
                for (int c = 0; c < 3; c++)
                {
                    double mean = (rgb[3 * (2 * y * w + 2 * x) + c] + rgb[3 * (2 * y * w + 2 * x + 1) + c]
                        + rgb[3 * ((2 * y + 1) * w + 2 * x) + c] + rgb[3 * ((2 * y + 1) * w + 2 * x + 1) + c]) / 4.0;
                    sum += Math.Abs(mean - half[3 * (y * 65 + x) + c]);
                }
        Assert.True(sum / (35 * 64 * 3) < 3, $"mean abs error {sum / (35 * 64 * 3):F2}");
    }

    [RequiresTurboJpegFact]
    public void Encode_into_a_span_gives_the_same_stream_as_the_allocating_overload()
    {
        const int w = 50, h = 20;
        var rgb = SyntheticRgb(w, h);
        var view = new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w);
        using var codec = new JpegCodec();
        var buffer = new byte[JpegCodec.MaxEncodedSize(w, h)];
        int n = codec.Encode(view, buffer, quality: 80);
        Assert.Equal(codec.Encode(view, quality: 80), buffer[..n]);
        Assert.Throws<ArgumentException>(() => codec.Encode(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), new byte[100], quality: 80));
    }

    [RequiresTurboJpegFact]
    public void Garbage_and_truncated_jpegs_throw_turbojpeg_messages()
    {
        using var codec = new JpegCodec();
        var noise = new byte[500];
        new Random(3).NextBytes(noise);
        var ex = Assert.Throws<JpegException>(() => codec.ReadHeader(noise));
        Assert.StartsWith("cannot read JPEG header: ", ex.Message);
        Assert.True(ex.Message.Length > "cannot read JPEG header: ".Length + 3, ex.Message);

        const int w = 64, h = 64;
        var jpeg = codec.Encode(new ImageView(SyntheticRgb(w, h), PixelFormat.Rgb24, w, h, 3 * w), quality: 90);
        var buffer = new byte[w * h * 3];
        // Cut inside the entropy-coded data: libjpeg's warning becomes an exception, not a grey-filled frame.
        var cut = Assert.Throws<JpegException>(() => codec.Decode(jpeg.AsSpan(..(jpeg.Length - 40)), buffer, PixelFormat.Rgb24));
        Assert.Equal("cannot decode JPEG: Premature end of JPEG file", cut.Message);
        // Cut inside the headers.
        var early = Assert.Throws<JpegException>(() => codec.Decode(jpeg.AsSpan(..300), buffer, PixelFormat.Rgb24));
        Assert.StartsWith("cannot read JPEG header: ", early.Message);

        Assert.Throws<JpegException>(() => codec.ReadHeader([]));
        // The codec is still usable after errors.
        Assert.Equal(w, codec.ReadHeader(jpeg).Width);
    }

    [RequiresTurboJpegFact]
    public void Small_destination_and_unsupported_format_are_rejected()
    {
        const int w = 16, h = 16;
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(SyntheticRgb(w, h), PixelFormat.Rgb24, w, h, 3 * w));
        Assert.Throws<ArgumentException>(() => codec.Decode(jpeg, new byte[w * h * 3 - 1], PixelFormat.Rgb24));
        Assert.Throws<NotSupportedException>(() => codec.Decode(jpeg, new byte[w * h * 3], PixelFormat.Yuyv));
    }

    [RequiresTurboJpegFact]
    public void Decode_allocates_nothing_per_frame()
    {
        const int w = 160, h = 120;
        using var codec = new JpegCodec();
        var jpeg = codec.Encode(new ImageView(SyntheticRgb(w, h), PixelFormat.Rgb24, w, h, 3 * w));
        var buffer = new byte[w * h * 3];
        var spec = TensorSpec.Raw(80, 60);
        var tensor = new float[spec.ElementCount];
        void Frame()
        {
            var view = codec.Decode(jpeg, buffer, PixelFormat.Rgb24, JpegScale.Half);
            TensorWriter.Resize(view, tensor, spec, letterbox: true);
        }
        Assert.Equal(0, SteadyState.AllocatedBytes(Frame));
        Assert.Contains(tensor, x => x > 0);
    }
}
