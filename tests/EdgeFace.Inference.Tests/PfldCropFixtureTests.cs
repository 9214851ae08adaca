using System.Drawing;
using System.Numerics;
using System.Text.Json;
using EdgeFace.Core.Faces;
using EdgeFace.Core.Frames;
using EdgeFace.Imaging;
using EdgeFace.Inference.Landmarks;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Tests;

/// <summary>The training side's keypoints5 crop (numpy + cv2.warpAffine) against this runtime's crop of the same image.</summary>
public class PfldCropFixtureTests
{
    private const string File = "pfld-crop-reference.json";

    [RequiresFixtureFact(File)]
    public void Crop_geometry_and_tensor_match_the_training_reference()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(Fixtures.PathOf(File)));
        var root = doc.RootElement;
        int w = root.GetProperty("width").GetInt32(), h = root.GetProperty("height").GetInt32(), n = root.GetProperty("size").GetInt32();
        var crop = root.GetProperty("crop").Deserialize(ManifestJsonContext.Default.CropParameters)!;

        var face = new FaceDetection(new RectangleF(0, 0, 1, 1), 1);
        int k = 0;
        foreach (var p in root.GetProperty("keypoints").EnumerateArray()) face.Keypoints[k++] = new PointF(p[0].GetSingle(), p[1].GetSingle());

        var c = LandmarkCrop.For(face, crop);
        var centre = root.GetProperty("centre");
        Assert.Equal(centre[0].GetSingle(), c.Centre.X, 3);
        Assert.Equal(centre[1].GetSingle(), c.Centre.Y, 3);
        Assert.Equal(root.GetProperty("side").GetSingle(), c.Side, 3);
        Assert.Equal(root.GetProperty("theta").GetSingle(), c.Angle, 5);

        // r=(3x+5y)%256, g=(7x)%256, b=(11y)%256
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
        {
            int i = (y * w + x) * 3;
            rgb[i] = (byte)((3 * x + 5 * y) % 256); rgb[i + 1] = (byte)(7 * x % 256); rgb[i + 2] = (byte)(11 * y % 256);
        }
        var tensor = new float[3 * n * n];
        var spec = new TensorSpec(n, n, ChannelOrder.Rgb, Vector3.Zero, new Vector3(1 / 255f));
        TensorWriter.Warp(new ImageView(rgb, PixelFormat.Rgb24, w, h, w * 3), tensor, spec, c.ToAffine(n));

        var expected = root.GetProperty("tensor").EnumerateArray().Select(e => e.GetSingle()).ToArray();
        Assert.Equal(expected.Length, tensor.Length);
        // OpenCV samples at 1/32-pixel positions with fixed-point weights; this formula image wraps around 255->0,
        // where that quantisation moves single values a lot. So: tight on the mean, loose on the rare outliers.
        double meanError = 0;
        int far = 0;
        for (int i = 0; i < tensor.Length; i++)
        {
            double d = Math.Abs(tensor[i] - expected[i]);
            meanError += d;
            if (d > 4 / 255.0) far++;
        }
        meanError /= tensor.Length;
        Assert.True(meanError < 1.5 / 255, $"mean abs error {meanError * 255:F3}/255");
        Assert.True(far < tensor.Length / 100, $"{far} of {tensor.Length} values differ by more than 4/255");
    }
}
