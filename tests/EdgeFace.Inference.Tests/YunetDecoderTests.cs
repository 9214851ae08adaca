using EdgeFace.Core.Faces;
using EdgeFace.Inference.Decoding;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Tests;

public class YunetDecoderTests
{
    [Fact]
    public void Decodes_a_cell_into_box_keypoints_and_geometric_mean_score()
    {
        var p = new YunetParameters { Strides = [8, 16], ScoreThreshold = 0.5f, NmsIou = 0.3f, MaxFaces = 5 };
        var decoder = new YunetDecoder(p, 64, 32);
        int cols8 = 8, cells8 = 8 * 4, cells16 = 4 * 2;
        float[] cls = new float[cells8], obj = new float[cells8], bbox = new float[4 * cells8], kps = new float[10 * cells8];
        int i = 2 * cols8 + 3; // row 2, col 3
        cls[i] = 0.81f; obj[i] = 1f;
        bbox[4 * i] = 0.5f; bbox[4 * i + 1] = 0.25f; bbox[4 * i + 2] = MathF.Log(2); bbox[4 * i + 3] = 0;
        for (int k = 0; k < 5; k++) { kps[10 * i + 2 * k] = 0.1f * k; kps[10 * i + 2 * k + 1] = -0.1f * k; }
        cls[5] = 0.2f; obj[5] = 0.2f; // score 0.2: below threshold

        decoder.Begin();
        decoder.Add(8, cls, obj, bbox, kps);
        decoder.Add(16, new float[cells16], new float[cells16], new float[4 * cells16], new float[10 * cells16]);
        var faces = new FaceDetection[5];
        Assert.Equal(1, decoder.Finish(faces));

        var f = faces[0];
        Assert.Equal(0.9f, f.Score, 5);
        Assert.Equal((3 + 0.5f) * 8, f.Box.X + f.Box.Width / 2, 4);
        Assert.Equal((2 + 0.25f) * 8, f.Box.Y + f.Box.Height / 2, 4);
        Assert.Equal(16f, f.Box.Width, 4);
        Assert.Equal(8f, f.Box.Height, 4);
        for (int k = 0; k < 5; k++)
        {
            Assert.Equal((3 + 0.1f * k) * 8, f.Keypoints[k].X, 4);
            Assert.Equal((2 - 0.1f * k) * 8, f.Keypoints[k].Y, 4);
        }
    }
}
