using System.Drawing;
using EdgeFace.Core.Faces;
using EdgeFace.Inference.Landmarks;
using EdgeFace.Inference.Manifest;

namespace EdgeFace.Inference.Tests;

public class LandmarkCropTests
{
    [Fact]
    public void Box_square_is_centred_on_the_box_with_side_from_the_longer_edge_and_shift_down()
    {
        var face = new FaceDetection(new RectangleF(100, 50, 40, 60), 1);
        var crop = LandmarkCrop.For(face, new CropParameters { Kind = "box_square", Scale = 1.2f, Shift = 0.1f });
        Assert.Equal(72f, crop.Side, 4);
        Assert.Equal(120f, crop.Centre.X, 4);
        Assert.Equal(80f + 7.2f, crop.Centre.Y, 4);
        Assert.Equal(0f, crop.Angle);
    }

    [Fact]
    public void Keypoints5_crop_follows_the_eye_line()
    {
        var face = new FaceDetection(new RectangleF(0, 0, 1, 1), 1);
        // Eyes 40 px apart on a line rotated by 30 degrees; mouth 30 px "below" the eyes in the face's frame.
        float t = MathF.PI / 6, c = MathF.Cos(t), s = MathF.Sin(t);
        PointF At(float u, float v) => new(200 + c * u - s * v, 100 + s * u + c * v);
        face.Keypoints[0] = At(-20, 0); face.Keypoints[1] = At(20, 0); face.Keypoints[2] = At(0, 15);
        face.Keypoints[3] = At(-15, 30); face.Keypoints[4] = At(15, 30);

        var crop = LandmarkCrop.For(face, new CropParameters { Kind = "keypoints5", Scale = 2f, Shift = 0.25f, Rotate = true });
        Assert.Equal(t, crop.Angle, 4);
        Assert.Equal(80f, crop.Side, 3);                 // size = max(40, 30)
        var expected = At(0, 15 + 0.25f * 40);          // mid-point of E and M, shifted down the face by shift * size
        Assert.Equal(expected.X, crop.Centre.X, 3);
        Assert.Equal(expected.Y, crop.Centre.Y, 3);
    }

    [Fact]
    public void Output_mapping_is_the_inverse_of_the_sampling_map()
    {
        var crop = new LandmarkCrop(new PointF(321.5f, 118.25f), 96f, 0.4f);
        const int N = 112;
        var map = crop.ToAffine(N);
        foreach (var (u, v) in new[] { (0, 0), (55, 55), (111, 3), (17, 90) })
        {
            var sampled = map.Apply(u + 0.5f, v + 0.5f);
            var back = crop.ToFrame((u + 0.5f) / N, (v + 0.5f) / N);
            Assert.Equal(sampled.X, back.X, 2);
            Assert.Equal(sampled.Y, back.Y, 2);
        }
    }
}
