using System.Numerics;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging.Resampling;

namespace EdgeFace.Imaging.Tests;

public class ResizeTests
{
    /// <summary>OpenCV INTER_LINEAR written out plainly in double, on an RGB24 image: the naive reference.</summary>
    private static double[] NaiveResize(byte[] rgb, int w, int h, int stride, int tw, int th)
    {
        var result = new double[3 * tw * th];
        for (int v = 0; v < th; v++)
            for (int u = 0; u < tw; u++)
            {
                var (x0, x1, ax) = Tap(u, w, tw);
                var (y0, y1, ay) = Tap(v, h, th);
                for (int c = 0; c < 3; c++)
                {
                    double P(int x, int y) => rgb[y * stride + 3 * x + c];
                    result[c * tw * th + v * tw + u] =
                        (1 - ay) * ((1 - ax) * P(x0, y0) + ax * P(x1, y0)) + ay * ((1 - ax) * P(x0, y1) + ax * P(x1, y1));
                }
            }
        return result;

        static (int, int, double) Tap(int d, int src, int dst)
        {
            double f = (d + 0.5) * src / dst - 0.5;
            int i = (int)Math.Floor(f);
            double a = f - i;
            if (i < 0) { i = 0; a = 0; }
            if (i >= src - 1) { i = src - 1; a = 0; }
            return (i, Math.Min(i + 1, src - 1), a);
        }
    }

    [Theory]
    [InlineData(64, 48, 32, 24)]
    [InlineData(45, 31, 20, 13)]
    [InlineData(10, 7, 33, 29)]
    [InlineData(300, 200, 97, 61)]
    public void Stretch_matches_naive_reference(int w, int h, int tw, int th)
    {
        int stride = 3 * w + 4;
        var data = TestImages.Random(PixelFormat.Rgb24, h, stride, seed: 11);
        var expected = NaiveResize(data, w, h, stride, tw, th);
        var spec = TensorSpec.Raw(tw, th);
        var actual = new float[spec.ElementCount];
        var map = TensorWriter.Resize(new ImageView(data, PixelFormat.Rgb24, w, h, stride), actual, spec, letterbox: false);
        Assert.Equal(tw, map.ContentWidth);
        Assert.Equal(th, map.ContentHeight);
        var scalar = new float[spec.ElementCount];
        ScalarTensorWriter.Resize(new ImageView(data, PixelFormat.Rgb24, w, h, stride), scalar, spec, map);
        // OpenCV (and the library) keep the source coordinate in float: on a 300-pixel row that moves a weight by
        // ~3e-5, i.e. up to ~0.008 of a level against this double-precision reference.
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-2, $"element {i}: reference {expected[i]}, simd {actual[i]}");
            Assert.True(Math.Abs(expected[i] - scalar[i]) < 1e-2, $"element {i}: reference {expected[i]}, scalar {scalar[i]}");
        }
    }

    [Fact]
    public void Exact_half_size_averages_two_by_two_blocks()
    {
        const int w = 8, h = 6;
        var gray = new byte[w * h];
        for (int i = 0; i < gray.Length; i++) gray[i] = (byte)(i * 5);
        var spec = TensorSpec.Raw(w / 2, h / 2);
        var t = new float[spec.ElementCount];
        TensorWriter.Resize(new ImageView(gray, PixelFormat.Gray8, w, h, w), t, spec, letterbox: false);
        for (int v = 0; v < h / 2; v++)
            for (int u = 0; u < w / 2; u++)
            {
                float mean = (gray[2 * v * w + 2 * u] + gray[2 * v * w + 2 * u + 1] + gray[(2 * v + 1) * w + 2 * u] + gray[(2 * v + 1) * w + 2 * u + 1]) / 4f;
                Assert.Equal(mean, t[v * (w / 2) + u], 3);
            }
    }

    [Fact]
    public void Uint8_tensor_rounds_and_ignores_mean_and_scale()
    {
        var gray = new byte[] { 10, 13, 10, 13 }; // 2x2 → 1x1 averages to 11.5, rounds half up to 12
        var spec = new TensorSpec(1, 1, ChannelOrder.Rgb, new Vector3(100), new Vector3(9));
        var t = new byte[3];
        TensorWriter.Resize(new ImageView(gray, PixelFormat.Gray8, 2, 2, 2), t, spec, letterbox: false);
        Assert.Equal(new byte[] { 12, 12, 12 }, t);
    }

    [Fact]
    public void Too_small_destination_and_jpeg_source_are_rejected_with_messages()
    {
        var data = new byte[12];
        var spec = TensorSpec.Raw(2, 2);
        var ex = Assert.Throws<ArgumentException>(() => TensorWriter.Resize(new ImageView(data, PixelFormat.Gray8, 2, 2, 2), new float[11], spec, false));
        Assert.Contains("12", ex.Message);
        var jpeg = Assert.Throws<NotSupportedException>(() => TensorWriter.Resize(new ImageView(data, PixelFormat.Jpeg, 2, 2, 0), new float[12], spec, false));
        Assert.Contains("decode", jpeg.Message);
    }
}
