using System.Drawing;
using System.Numerics;
using System.Text.Json;
using EdgeFace.Core.Frames;
using EdgeFace.TestSupport;

namespace EdgeFace.Imaging.Tests;

/// <summary>The PFLD crop that training wrote with cv2.warpAffine (tests/fixtures), reproduced by TensorWriter.Warp.</summary>
public class TrainingFixtureTests
{
    [Fact]
    public void Warp_reproduces_the_training_pfld_crop_fixture()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Path("tests", "fixtures", "pfld-crop-reference.json")));
        var root = doc.RootElement;
        int w = root.GetProperty("width").GetInt32(), h = root.GetProperty("height").GetInt32(), n = root.GetProperty("size").GetInt32();
        var centre = root.GetProperty("centre");
        float side = root.GetProperty("side").GetSingle(), theta = root.GetProperty("theta").GetSingle();
        var expected = root.GetProperty("tensor").EnumerateArray().Select(e => e.GetSingle()).ToArray();

        // The fixture's formula image: r=(3x+5y)%256, g=(7x)%256, b=(11y)%256.
        var rgb = new byte[3 * w * h];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int i = 3 * (y * w + x);
                rgb[i] = (byte)((3 * x + 5 * y) % 256); rgb[i + 1] = (byte)(7 * x % 256); rgb[i + 2] = (byte)(11 * y % 256);
            }
        var spec = new TensorSpec(n, n, ChannelOrder.Rgb, Vector3.Zero, new Vector3(1f / 255));
        var actual = new float[spec.ElementCount];
        var map = AffineMap.Similarity(new PointF(centre[0].GetSingle(), centre[1].GetSingle()), side, theta, n);
        TensorWriter.Warp(new ImageView(rgb, PixelFormat.Rgb24, w, h, 3 * w), actual, spec, map);

        // cv2.warpAffine on uint8 quantises weights to 1/32 pixel and rounds the result, and the formula image
        // wraps from 255 to 0, so a few samples straddling a wrap differ a lot; nearly all must agree closely.
        Assert.Equal(expected.Length, actual.Length);
        int close = 0; double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = Math.Abs(expected[i] - actual[i]) * 255;
            sum += d;
            if (d <= 1.5) close++;
        }
        Assert.True(close >= 0.98 * actual.Length, $"only {close} of {actual.Length} elements within 1.5 levels");
        Assert.True(sum / actual.Length < 0.6, $"mean difference {sum / actual.Length:F3} levels");
    }
}
