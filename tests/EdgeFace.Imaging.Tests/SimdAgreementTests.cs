using System.Numerics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Color;
using EdgeFace.Imaging.Resampling;

namespace EdgeFace.Imaging.Tests;

/// <summary>The SIMD writer against the scalar reference across formats, odd sizes, padded strides and scales.</summary>
public class SimdAgreementTests
{
    public static IEnumerable<object[]> Cases()
    {
        var sizes = new (int W, int H, int TW, int TH)[]
        {
            (640, 480, 320, 240), // the detector case, exact 2x
            (37, 23, 16, 12),     // odd source, non-integer downscale
            (33, 17, 50, 40),     // upscale
            (1, 1, 4, 3),
            (17, 9, 17, 9),       // identity
            (101, 77, 64, 64),    // letterbox pads rows
        };
        foreach (var format in TestImages.RawFormats)
            foreach (var (w, h, tw, th) in sizes)
                foreach (int pad in new[] { 0, 13 })
                    yield return [format, w, h, tw, th, pad];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_tensors_agree_within_1e3(PixelFormat format, int w, int h, int tw, int th, int pad)
    {
        int stride = PixelFormatInfo.MinimumStride(format, w) + pad;
        var data = TestImages.Random(format, h, stride, seed: w * 31 + h + pad);
        var view = new ImageView(data, format, w, h, stride);
        foreach (bool letterbox in new[] { false, true })
        foreach (var order in new[] { ChannelOrder.Rgb, ChannelOrder.Bgr })
        {
            // Scale 1 keeps values in 0..255: the tolerance is then the strictest it can be.
            var spec = new TensorSpec(tw, th, order, new Vector3(100, 110, 120), new Vector3(1f, 0.5f, 1f));
            var map = LetterboxMap.For(w, h, tw, th, letterbox);
            var expected = new float[spec.ElementCount];
            var actual = new float[spec.ElementCount];
            Array.Fill(actual, float.NaN);
            ScalarTensorWriter.Resize(view, expected, spec, map);
            VectorTensorWriter.Resize(view, actual, spec, map);
            float diff = TestImages.MaxAbsDiff(expected, actual);
            Assert.True(diff <= 1e-3f, $"{format} {w}x{h}+{pad} -> {tw}x{th} letterbox={letterbox} {order}: max diff {diff}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Byte_tensors_agree_within_one_level(PixelFormat format, int w, int h, int tw, int th, int pad)
    {
        int stride = PixelFormatInfo.MinimumStride(format, w) + pad;
        var data = TestImages.Random(format, h, stride, seed: w + h * 7 + pad);
        var view = new ImageView(data, format, w, h, stride);
        var spec = TensorSpec.Raw(tw, th, ChannelOrder.Bgr);
        var map = LetterboxMap.For(w, h, tw, th, letterbox: true);
        var expected = new byte[spec.ElementCount];
        var actual = new byte[spec.ElementCount];
        Array.Fill(actual, (byte)77);
        ScalarTensorWriter.Resize(view, expected, spec, map);
        VectorTensorWriter.Resize(view, actual, spec, map);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1, $"{format} element {i}: scalar {expected[i]}, simd {actual[i]}");
    }

    [Theory]
    [InlineData(PixelFormat.Yuyv)]
    [InlineData(PixelFormat.Nv12)]
    [InlineData(PixelFormat.I420)]
    [InlineData(PixelFormat.Rgb24)]
    [InlineData(PixelFormat.Bgr24)]
    [InlineData(PixelFormat.Gray8)]
    public void Row_conversion_is_bit_identical(PixelFormat format)
    {
        foreach (int w in new[] { 1, 7, 16, 33, 64, 95 })
        {
            int h = 3, stride = PixelFormatInfo.MinimumStride(format, w);
            var data = TestImages.Random(format, h, stride, seed: w);
            var view = new ImageView(data, format, w, h, stride);
            for (int y = 0; y < h; y++)
            {
                float[] r1 = new float[w], g1 = new float[w], b1 = new float[w], r2 = new float[w], g2 = new float[w], b2 = new float[w];
                RowConverter.Convert(view, y, r1, g1, b1, useSimd: false);
                RowConverter.Convert(view, y, r2, g2, b2, useSimd: true);
                Assert.Equal(r1, r2); Assert.Equal(g1, g2); Assert.Equal(b1, b2);
            }
        }
    }
}
