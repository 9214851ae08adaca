using System.Numerics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Resampling;

namespace EdgeFace.Imaging.Tests;

public class ColorConversionTests
{
    // Same-size stretch is an exact copy (every tap weight is 0), so the tensor shows the conversion itself.
    private static float[] Convert(byte[] data, PixelFormat format, int width, int height, int stride, bool simd)
    {
        var view = new ImageView(data, format, width, height, stride);
        var spec = TensorSpec.Raw(width, height);
        var tensor = new float[spec.ElementCount];
        var map = LetterboxMap.For(width, height, width, height, letterbox: false);
        if (simd) VectorTensorWriter.Resize(view, tensor, spec, map);
        else ScalarTensorWriter.Resize(view, tensor, spec, map);
        return tensor;
    }

    [Theory]
    [InlineData(16, 128, 128, 0, 0, 0)]        // studio black
    [InlineData(235, 128, 128, 255, 255, 255)] // studio white
    [InlineData(126, 128, 128, 128.082, 128.082, 128.082)]
    [InlineData(81, 90, 240, 254.44, 0, 0)]     // BT.601 red (G, B clamp from below)
    [InlineData(145, 54, 34, 0.179, 255, 0.93)]  // green (G clamps to 255)
    [InlineData(41, 240, 110, 0.381, 0, 255)]   // blue
    public void Yuv_formats_match_hand_computed_bt601(int y, int u, int v, double r, double g, double b)
    {
        foreach (var format in new[] { PixelFormat.Yuyv, PixelFormat.Nv12, PixelFormat.I420 })
        foreach (bool simd in new[] { false, true })
        {
            // 20x2 so the SIMD loops (8/16 pixels wide) run and a scalar tail remains.
            const int w = 20, h = 2;
            int stride = PixelFormatInfo.MinimumStride(format, w);
            int cw = (w + 1) / 2, chroma = format == PixelFormat.Yuyv ? cw * h : cw;
            var data = TestImages.PackYuv(format, w, h, stride, Filled(w * h, y), Filled(chroma, u), Filled(chroma, v));
            var t = Convert(data, format, w, h, stride, simd);
            for (int i = 0; i < w * h; i++)
            {
                Assert.True(Math.Abs(t[i] - r) < 0.01, $"{format} simd={simd} R[{i}]={t[i]}, expected {r}");
                Assert.True(Math.Abs(t[w * h + i] - g) < 0.01, $"{format} simd={simd} G[{i}]={t[w * h + i]}, expected {g}");
                Assert.True(Math.Abs(t[2 * w * h + i] - b) < 0.01, $"{format} simd={simd} B[{i}]={t[2 * w * h + i]}, expected {b}");
            }
        }
    }

    [Theory]
    [InlineData(PixelFormat.Yuyv)]
    [InlineData(PixelFormat.Nv12)]
    [InlineData(PixelFormat.I420)]
    public void Chroma_comes_from_the_pixels_own_block(PixelFormat format)
    {
        // Odd width and height, padded stride: every pixel has its own luma and its block's chroma.
        const int w = 21, h = 5;
        int stride = PixelFormatInfo.MinimumStride(format, w) + 6;
        int cw = (w + 1) / 2, chh = format == PixelFormat.Yuyv ? h : (h + 1) / 2;
        var rng = new Random(7);
        byte[] Y = new byte[w * h], U = new byte[cw * chh], V = new byte[cw * chh];
        rng.NextBytes(Y); rng.NextBytes(U); rng.NextBytes(V);
        var data = TestImages.PackYuv(format, w, h, stride, Y, U, V);
        foreach (bool simd in new[] { false, true })
        {
            var t = Convert(data, format, w, h, stride, simd);
            for (int row = 0; row < h; row++)
                for (int x = 0; x < w; x++)
                {
                    int c = (format == PixelFormat.Yuyv ? row : row / 2) * cw + x / 2;
                    // A YUYV pixel without a partner has no V sample: neutral 128.
                    int vSample = format == PixelFormat.Yuyv && x == w - 1 && w % 2 == 1 ? 128 : V[c];
                    var (r, g, b) = TestImages.Bt601(Y[row * w + x], U[c], vSample);
                    int i = row * w + x;
                    Assert.True(Math.Abs(t[i] - r) < 0.01 && Math.Abs(t[w * h + i] - g) < 0.01 && Math.Abs(t[2 * w * h + i] - b) < 0.01,
                        $"{format} simd={simd} pixel ({x},{row}): got ({t[i]}, {t[w * h + i]}, {t[2 * w * h + i]}), expected ({r:F2}, {g:F2}, {b:F2})");
                }
        }
    }

    [Theory]
    [InlineData(PixelFormat.Rgb24)]
    [InlineData(PixelFormat.Bgr24)]
    [InlineData(PixelFormat.Gray8)]
    public void Rgb_and_gray_sources_copy_bytes_into_the_right_planes(PixelFormat format)
    {
        const int w = 19, h = 3;
        int stride = PixelFormatInfo.MinimumStride(format, w) + 5;
        var data = TestImages.Random(format, h, stride, 3);
        foreach (bool simd in new[] { false, true })
        {
            var t = Convert(data, format, w, h, stride, simd);
            for (int row = 0; row < h; row++)
                for (int x = 0; x < w; x++)
                {
                    int i = row * w + x, o = row * stride;
                    (int r, int g, int b) = format switch
                    {
                        PixelFormat.Rgb24 => (data[o + 3 * x], data[o + 3 * x + 1], data[o + 3 * x + 2]),
                        PixelFormat.Bgr24 => (data[o + 3 * x + 2], data[o + 3 * x + 1], data[o + 3 * x]),
                        _ => (data[o + x], data[o + x], data[o + x]),
                    };
                    Assert.Equal((float)r, t[i]);
                    Assert.Equal((float)g, t[w * h + i]);
                    Assert.Equal((float)b, t[2 * w * h + i]);
                }
        }
    }

    [Fact]
    public void Bgr_order_swaps_planes_and_mean_scale_follow_tensor_order()
    {
        var data = new byte[] { 10, 20, 30 }; // one RGB pixel
        var view = new ImageView(data, PixelFormat.Rgb24, 1, 1, 3);
        var spec = new TensorSpec(1, 1, ChannelOrder.Bgr, new Vector3(1, 2, 3), new Vector3(0.5f, 0.25f, 2f));
        var t = new float[3];
        TensorWriter.Resize(view, t, spec, letterbox: false);
        Assert.Equal((30 - 1) * 0.5f, t[0]);  // B plane first, with Mean.X/Scale.X
        Assert.Equal((20 - 2) * 0.25f, t[1]);
        Assert.Equal((10 - 3) * 2f, t[2]);
    }

    private static byte[] Filled(int n, int value) => Enumerable.Repeat((byte)value, n).ToArray();
}
