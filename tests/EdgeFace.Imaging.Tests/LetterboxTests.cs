using System.Numerics;
using EdgeFace.Core.Frames;

namespace EdgeFace.Imaging.Tests;

public class LetterboxTests
{
    [Theory]
    [InlineData(640, 480, 320, 320, 320, 240)]
    [InlineData(1280, 720, 320, 240, 320, 180)]
    [InlineData(480, 640, 320, 240, 180, 240)]
    [InlineData(333, 250, 320, 240, 320, 240)] // round(250 * 320/333) = 240
    [InlineData(1000, 10, 320, 240, 320, 3)]   // round(3.2)
    [InlineData(64, 5, 32, 32, 32, 2)]         // round(2.5) = 2: half to even, as Python's round() in training
    [InlineData(64, 7, 32, 32, 32, 4)]         // round(3.5) = 4
    public void Content_size_follows_model_format_rule(int w, int h, int tw, int th, int cw, int ch)
    {
        var map = LetterboxMap.For(w, h, tw, th, letterbox: true);
        Assert.Equal(cw, map.ContentWidth);
        Assert.Equal(ch, map.ContentHeight);
        Assert.Equal((float)cw / w, map.ScaleX);
        Assert.Equal((float)ch / h, map.ScaleY);
        var back = map.ToFrame(map.ScaleX * 100, map.ScaleY * 50);
        Assert.Equal(100, back.X, 3);
        Assert.Equal(50, back.Y, 3);
    }

    [Fact]
    public void Letterbox_pads_with_pixel_zero_and_stretch_fills_everything()
    {
        const int w = 8, h = 4; // → 8x8 tensor: content 8x4 on top, 4 rows of padding
        var gray = Enumerable.Repeat((byte)200, w * h).ToArray();
        var view = new ImageView(gray, PixelFormat.Gray8, w, h, w);
        var spec = new TensorSpec(8, 8, ChannelOrder.Rgb, new Vector3(50), new Vector3(0.1f));
        var t = new float[spec.ElementCount];
        var map = TensorWriter.Resize(view, t, spec, letterbox: true);
        Assert.Equal(new LetterboxMap(1, 1, 8, 4), map);
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < 8; v++)
                for (int u = 0; u < 8; u++)
                    Assert.Equal(v < 4 ? 15f : -5f, t[c * 64 + v * 8 + u], 4);

        var stretched = TensorWriter.Resize(view, t, spec, letterbox: false);
        Assert.Equal(new LetterboxMap(1, 2, 8, 8), stretched);
        Assert.All(t, x => Assert.Equal(15f, x, 4));
    }

    [Fact]
    public void A_feature_lands_where_the_map_says()
    {
        // A bright 20x20 square at (40..60, 20..40) of a 160x120 frame, letterboxed into 64x64.
        const int w = 160, h = 120;
        var gray = new byte[w * h];
        for (int y = 20; y < 40; y++) for (int x = 40; x < 60; x++) gray[y * w + x] = 255;
        var spec = TensorSpec.Raw(64, 64);
        var t = new float[spec.ElementCount];
        var map = TensorWriter.Resize(new ImageView(gray, PixelFormat.Gray8, w, h, w), t, spec, letterbox: true);
        double sx = 0, sy = 0, sum = 0;
        for (int v = 0; v < 64; v++) for (int u = 0; u < 64; u++) { float p = t[v * 64 + u]; sx += p * (u + 0.5); sy += p * (v + 0.5); sum += p; }
        var centre = map.ToFrame((float)(sx / sum), (float)(sy / sum));
        Assert.Equal(50, centre.X, 0.3);
        Assert.Equal(30, centre.Y, 0.3);
    }
}
