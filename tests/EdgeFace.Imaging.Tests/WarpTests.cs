using System.Drawing;
using System.Numerics;
using EdgeFace.Core.Frames;

namespace EdgeFace.Imaging.Tests;

public class WarpTests
{
    [Fact]
    public void Identity_copies_the_image()
    {
        const int w = 9, h = 7;
        var rgb = TestImages.Random(PixelFormat.Rgb24, h, 3 * w, 5);
        var spec = TensorSpec.Raw(w, h);
        var t = new float[spec.ElementCount];
        TensorWriter.Warp(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), t, spec, AffineMap.Identity);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                for (int c = 0; c < 3; c++)
                    Assert.Equal(rgb[y * 3 * w + 3 * x + c], t[c * w * h + y * w + x], 3);
    }

    [Fact]
    public void Quarter_turn_similarity_rotates_pixels()
    {
        const int n = 6;
        var gray = new byte[n * n];
        new Random(1).NextBytes(gray);
        var spec = TensorSpec.Raw(n, n);
        var t = new float[spec.ElementCount];
        var map = AffineMap.Similarity(new PointF(n / 2f, n / 2f), n, MathF.PI / 2, n);
        TensorWriter.Warp(new ImageView(gray, PixelFormat.Gray8, n, n, n), t, spec, map);
        // R(90°)·(a, b) = (−b, a): output (u, v) reads source column n−1−v, row u.
        for (int v = 0; v < n; v++)
            for (int u = 0; u < n; u++)
                Assert.Equal(gray[u * n + (n - 1 - v)], t[v * n + u], 2);
    }

    [Fact]
    public void Similarity_follows_the_documented_crop_formula()
    {
        var centre = new PointF(200, 150);
        float side = 90, theta = 0.3f;
        const int size = 112;
        var map = AffineMap.Similarity(centre, side, theta, size);
        foreach (var (u, v) in new[] { (0, 0), (111, 0), (37, 80), (111, 111) })
        {
            double a = ((u + 0.5) / size - 0.5) * side, b = ((v + 0.5) / size - 0.5) * side;
            double x = centre.X + Math.Cos(theta) * a - Math.Sin(theta) * b;
            double y = centre.Y + Math.Sin(theta) * a + Math.Cos(theta) * b;
            var p = map.Apply(u + 0.5f, v + 0.5f);
            Assert.Equal(x, p.X, 3);
            Assert.Equal(y, p.Y, 3);
        }
    }

    [Fact]
    public void Outside_the_image_reads_zero_before_normalisation()
    {
        var gray = Enumerable.Repeat((byte)255, 16).ToArray();
        var spec = new TensorSpec(4, 4, ChannelOrder.Rgb, new Vector3(10), new Vector3(2));
        var t = new float[spec.ElementCount];
        // Shifted one pixel left: column 0 samples x = -0.5, a half-weight blend of the border with zero.
        TensorWriter.Warp(new ImageView(gray, PixelFormat.Gray8, 4, 4, 4), t, spec, AffineMap.Identity with { M13 = -1 });
        for (int v = 0; v < 4; v++)
        {
            Assert.Equal((0 - 10) * 2f, t[v * 4], 3);
            Assert.Equal((255 - 10) * 2f, t[v * 4 + 1], 3);
        }
        // Far away (and NaN) maps produce only padding, never an exception.
        TensorWriter.Warp(new ImageView(gray, PixelFormat.Gray8, 4, 4, 4), t, spec, AffineMap.Identity with { M13 = 1e9f });
        Assert.All(t, x => Assert.Equal(-20f, x));
        TensorWriter.Warp(new ImageView(gray, PixelFormat.Gray8, 4, 4, 4), t, spec, AffineMap.Identity with { M13 = float.NaN });
        Assert.All(t, x => Assert.Equal(-20f, x));
    }

    [Fact]
    public void Uint8_warp_rounds_the_float_warp()
    {
        const int w = 20, h = 15;
        var rgb = TestImages.Random(PixelFormat.Rgb24, h, 3 * w, 9);
        var view = new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w);
        var map = AffineMap.Similarity(new PointF(9, 8), 14, -0.7f, 10);
        var floats = new float[300];
        var bytes = new byte[300];
        TensorWriter.Warp(view, floats, TensorSpec.Raw(10, 10, ChannelOrder.Bgr), map);
        TensorWriter.Warp(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), bytes, TensorSpec.Raw(10, 10, ChannelOrder.Bgr), map);
        for (int i = 0; i < 300; i++) Assert.Equal((int)MathF.Round(floats[i], MidpointRounding.AwayFromZero), bytes[i]);
    }

    [Fact]
    public void Warp_reads_yuv_sources()
    {
        const int w = 8, h = 4;
        var y = Enumerable.Repeat((byte)235, w * h).ToArray();
        var c = Enumerable.Repeat((byte)128, w * h).ToArray();
        var data = TestImages.PackYuv(PixelFormat.Nv12, w, h, w, y, c, c);
        var spec = TensorSpec.Raw(4, 4);
        var t = new float[spec.ElementCount];
        TensorWriter.Warp(new ImageView(data, PixelFormat.Nv12, w, h, w), t, spec, AffineMap.Similarity(new PointF(4, 2), 2, 0.5f, 4));
        Assert.All(t, x => Assert.Equal(255f, x, 2));
    }
}
